/**
 * `assignSegments`: runs a whole segment program for every user — metrics (one pass per
 * metric group over the columnar table), RFM, clustering, rule tags, the value pyramid and the
 * layering plan — with every condition compiled once.
 *
 * Order: metrics → RFM (customers with a purchase) → clustering (users with every feature) →
 * tags (over metrics, attributes, `rfm`, `cluster`) → pyramid (also `tags`) → plan (also
 * `pyramid`). Users are the event users plus the given profiles, sorted by id.
 *
 * @module
 */
import { SiyuError, buildEventTable, type ActivityEvent, type EventTable, type InstantInput } from '../core/index.js';
import { clusterKMeans } from './kmeans.js';
import type { SegmentLabelExplanation } from './labelRules.js';
import { computeParsedMetricColumns } from './metrics.js';
import { compileSegmentProgram, type CompiledSegmentProgram } from './program.js';
import { explainRfm, scoreRfm, type RfmAssignment, type RfmExplanation, type RfmResult, type RfmValues } from './rfm.js';
import type { SegmentMetricDefinition, SegmentProgram } from './schema.js';
import { explainSegmentTag, type SegmentTagExplanation } from './tags.js';
import type { SegmentUserProfile } from './userRecord.js';

/** Input of {@link assignSegments}: events (or a table), the instant, and optional profiles. */
export interface AssignSegmentsInput {
  /** Activity events (give these or `table`). */
  readonly events?: readonly ActivityEvent[] | undefined;
  /** A columnar event table, for large inputs (give this or `events`). */
  readonly table?: EventTable | undefined;
  /** The instant everything is as of. */
  readonly asOf: InstantInput;
  /** User profiles: attributes for conditions, and users without events (never active). */
  readonly users?: readonly SegmentUserProfile[] | undefined;
  /** Attach an explanation to every user (slower; default false). */
  readonly explain?: boolean | undefined;
}

/** Why a user got each tag, score and label. */
export interface SegmentAssignmentExplanation {
  /** Every tag definition's verdict with the values compared. */
  readonly tags: readonly SegmentTagExplanation[];
  /** The RFM scoring, for customers. */
  readonly rfm?: RfmExplanation | undefined;
  /** The cluster's feature values (original units) and centroid. */
  readonly cluster?: { readonly features: Readonly<Record<string, number>>; readonly centroid: readonly number[] } | undefined;
  /** The pyramid level's deciding rule. */
  readonly pyramid?: SegmentLabelExplanation | undefined;
  /** The plan label's deciding rule. */
  readonly label?: SegmentLabelExplanation | undefined;
}

/** Everything assigned to one user. */
export interface SegmentAssignment {
  /** The user. */
  readonly userId: string;
  /** Metric values (`null` = no value). */
  readonly metrics: Readonly<Record<string, number | null>>;
  /** Rule tags, in definition order. */
  readonly tags: readonly string[];
  /** RFM scores and segments (customers with a purchase only). */
  readonly rfm?: RfmAssignment | undefined;
  /** k-means cluster index (users with every feature only). */
  readonly cluster?: number | undefined;
  /** Value-pyramid level key. */
  readonly pyramid?: string | undefined;
  /** Layering-plan label key. */
  readonly label?: string | undefined;
  /** Present when `explain: true`. */
  readonly explanation?: SegmentAssignmentExplanation | undefined;
}

/** The outcome of {@link assignSegments}. */
export interface SegmentAssignments {
  /** The instant, epoch ms. */
  readonly asOf: number;
  /** The zone. */
  readonly timeZone: string;
  /** One entry per user, sorted by id. */
  readonly users: readonly SegmentAssignment[];
  /** Cut points of each `quantileBin` metric. */
  readonly cutPoints: Readonly<Record<string, readonly number[]>>;
  /** RFM cut points, means and segment rules (without the per-user rows), when RFM is on. */
  readonly rfm?: Omit<RfmResult, 'users'> | undefined;
  /** Clustering summary, when clustering is on. */
  readonly clustering?: {
    /** The features, in order. */
    readonly features: readonly string[];
    /** Centroids in original units. */
    readonly centroids: readonly (readonly number[])[];
    /** Final inertia (standardised space unless `standardize: false`). */
    readonly inertia: number;
    /** Iterations run. */
    readonly iterations: number;
    /** Whether k-means converged. */
    readonly converged: boolean;
  };
}

/** A compiled program has functions where a JSON program has data (`tags.tagsOf`). */
function isCompiled(value: unknown): value is CompiledSegmentProgram {
  if (typeof value !== 'object' || value === null || !('tags' in value) || !('program' in value)) return false;
  const tags = (value as { tags: unknown }).tags;
  return typeof tags === 'object' && tags !== null && typeof (tags as { tagsOf?: unknown }).tagsOf === 'function';
}

function rfmMetrics(program: SegmentProgram): SegmentMetricDefinition[] {
  const rfm = program.rfm;
  if (rfm === undefined) return [];
  const type = [...(rfm.purchaseTypes ?? ['purchase'])];
  const window = rfm.lookback === undefined ? {} : { window: rfm.lookback };
  // Internal metrics, named so no user metric (an identifier) can collide with them.
  return [
    { kind: 'daysSinceLast', name: 'rfm-recency', type, ...window },
    { kind: 'count', name: 'rfm-frequency', type, ...window },
    { kind: 'sum', name: 'rfm-monetary', type, ...window },
  ];
}

/** What {@link assignUser} needs about the whole run. */
interface UserContext {
  readonly compiled: CompiledSegmentProgram;
  readonly metricNames: readonly string[];
  readonly metricColumns: readonly Float64Array[];
  readonly attributes: ReadonlyMap<string, unknown>;
  readonly rfm: RfmResult | undefined;
  readonly rfmIndex: Int32Array;
  readonly clusterOf: Int32Array;
  readonly clustering: SegmentAssignments['clustering'];
  readonly explain: boolean;
}

/** Builds one user's record, evaluates tags, pyramid and plan on it, and explains if asked. */
function assignUser(ctx: UserContext, userId: string, i: number): SegmentAssignment {
  const { tags, pyramid, plan, program } = ctx.compiled;
  const metrics: Record<string, number | null> = {};
  const record: Record<string, unknown> = { userId, attributes: ctx.attributes.get(userId) ?? {} };
  for (let k = 0; k < ctx.metricNames.length; k++) {
    const v = (ctx.metricColumns[k] as Float64Array)[i] as number;
    const value = Number.isNaN(v) ? null : v;
    metrics[ctx.metricNames[k] as string] = value;
    record[ctx.metricNames[k] as string] = value;
  }
  const rfmRow = ctx.rfm !== undefined && ctx.rfmIndex[i] !== -1 ? ctx.rfm.users[ctx.rfmIndex[i] as number] : undefined;
  const cluster = ctx.clusterOf[i] === -1 ? undefined : (ctx.clusterOf[i] as number);
  if (rfmRow !== undefined) record.rfm = rfmRow;
  if (cluster !== undefined) record.cluster = cluster;
  const userTags = tags.tagsOf(record);
  record.tags = userTags;
  const level = pyramid?.labelOf(record);
  if (level !== undefined) record.pyramid = level;
  const label = plan?.labelOf(record);
  let explanation: SegmentAssignmentExplanation | undefined;
  if (ctx.explain) {
    const c = program.clustering;
    explanation = {
      tags: tags.definitions.map((d) => explainSegmentTag(d, record)),
      ...(ctx.rfm !== undefined && rfmRow !== undefined ? { rfm: explainRfm(ctx.rfm, userId) } : {}),
      ...(c !== undefined && cluster !== undefined && ctx.clustering !== undefined
        ? { cluster: { features: Object.fromEntries(c.features.map((f) => [f, metrics[f] as number])), centroid: ctx.clustering.centroids[cluster] as number[] } }
        : {}),
      ...(pyramid !== undefined ? { pyramid: pyramid.explain(record) } : {}),
      ...(plan !== undefined ? { label: plan.explain(record) } : {}),
    };
  }
  // Optional fields are set only when present (no `undefined` keys), without temporary spreads.
  const out: { -readonly [K in keyof SegmentAssignment]: SegmentAssignment[K] } = { userId, metrics, tags: userTags };
  if (rfmRow !== undefined) out.rfm = rfmRow;
  if (cluster !== undefined) out.cluster = cluster;
  if (level !== undefined) out.pyramid = level;
  if (label !== undefined) out.label = label;
  if (explanation !== undefined) out.explanation = explanation;
  return out;
}

/**
 * Runs a segment program for every user. Pass `DEFAULT_SEGMENT_PROGRAM` for the built-in
 * metrics, tags, RFM, pyramid and plan; pass a `compileSegmentProgram` result to skip
 * validation and compilation when running the same program many times.
 *
 * @example
 * ```ts
 * import { DEFAULT_SEGMENT_PROGRAM, assignSegments } from 'siyu/segments';
 * const day = 86_400_000;
 * const asOf = Date.UTC(2026, 10, 25, 4);
 * const result = assignSegments(DEFAULT_SEGMENT_PROGRAM, {
 *   asOf,
 *   events: [
 *     { id: 'e1', userId: 'u1', type: 'purchase', at: asOf - 2 * day, amount: 19_900 },
 *     { id: 'e2', userId: 'u2', type: 'message', at: asOf - 40 * day },
 *   ],
 *   users: [{ userId: 'u3', attributes: { channel: 'douyin' } }],
 * });
 * result.users.map((u) => [u.userId, u.tags, u.pyramid, u.label]);
 * // → [['u1', ['lightUser'], 'user', 'nurture'], ['u2', ['lightUser', 'churned'], 'customer', 'winBack'], ['u3', ['neverActive'], 'customer', 'dormant']]
 * ```
 */
export function assignSegments(program: SegmentProgram | CompiledSegmentProgram | unknown, input: AssignSegmentsInput): SegmentAssignments {
  const compiled = isCompiled(program) ? program : compileSegmentProgram(program);
  const prog = compiled.program;
  if ((input.events === undefined) === (input.table === undefined)) throw SiyuError.at(['input'], 'give exactly one of events or table');
  const profiles = input.users ?? [];
  const attributes = new Map<string, unknown>();
  profiles.forEach((p, i) => {
    if (typeof p !== 'object' || p === null || typeof p.userId !== 'string' || p.userId === '') throw SiyuError.at(['users', i, 'userId'], 'must be a non-empty string');
    attributes.set(p.userId, p.attributes ?? {});
  });
  const extra = rfmMetrics(prog);
  const allDefs = [...prog.metrics, ...extra];
  const needProps = allDefs.some((d) => d.kind !== 'quantileBin' && (d.where !== undefined || (d.kind === 'orderCount' && d.orderIdField !== undefined)));
  const table = input.table ?? buildEventTable(input.events ?? [], { keepProps: needProps });
  const cols = computeParsedMetricColumns(allDefs, table, { asOf: input.asOf, timeZone: prog.timeZone, users: profiles.map((p) => p.userId) });
  const n = cols.userIds.length;
  const metricNames = prog.metrics.map((m) => m.name);

  let rfm: RfmResult | undefined;
  const rfmIndex = new Int32Array(n).fill(-1);
  if (prog.rfm !== undefined) {
    const rec = cols.columns['rfm-recency'] as Float64Array;
    const freq = cols.columns['rfm-frequency'] as Float64Array;
    const mon = cols.columns['rfm-monetary'] as Float64Array;
    const values: RfmValues[] = [];
    for (let i = 0; i < n; i++) {
      if ((freq[i] as number) > 0) {
        rfmIndex[i] = values.length;
        values.push({ userId: cols.userIds[i] as string, recency: rec[i] as number, frequency: freq[i] as number, monetary: mon[i] as number });
      }
    }
    // values are already in user-id order, so scoreRfm keeps their order.
    rfm = scoreRfm(values, prog.rfm);
  }

  const clusterOf = new Int32Array(n).fill(-1);
  let clustering: SegmentAssignments['clustering'];
  const clusterRows: number[] = [];
  if (prog.clustering !== undefined) {
    const { features, ...options } = prog.clustering;
    const points: number[][] = [];
    for (let i = 0; i < n; i++) {
      const p = features.map((f) => (cols.columns[f] as Float64Array)[i] as number);
      if (p.every((v) => !Number.isNaN(v))) {
        clusterRows.push(i);
        points.push(p);
      }
    }
    if (points.length >= options.k) {
      const result = clusterKMeans(points, options);
      clusterRows.forEach((row, j) => (clusterOf[row] = result.assignments[j] as number));
      clustering = { features, centroids: result.centroids, inertia: result.inertia, iterations: result.iterations, converged: result.converged };
    }
  }


  const metricColumns = metricNames.map((name) => cols.columns[name] as Float64Array);
  const context: UserContext = { compiled, metricNames, metricColumns, attributes, rfm, rfmIndex, clusterOf, clustering, explain: input.explain === true };
  const users: SegmentAssignment[] = new Array<SegmentAssignment>(n);
  for (let i = 0; i < n; i++) users[i] = assignUser(context, cols.userIds[i] as string, i);
  const cutPoints: Record<string, readonly number[]> = {};
  for (const [k, v] of Object.entries(cols.cutPoints)) if (metricNames.includes(k)) cutPoints[k] = v;
  let rfmSummary: SegmentAssignments['rfm'];
  if (rfm !== undefined) {
    const { users: _users, ...rest } = rfm;
    rfmSummary = rest;
  }
  return {
    asOf: cols.asOf,
    timeZone: cols.timeZone,
    users,
    cutPoints,
    ...(rfmSummary !== undefined ? { rfm: rfmSummary } : {}),
    ...(clustering !== undefined ? { clustering } : {}),
  };
}

/** Counts of users per tag, RFM segment, RFM group, cluster, pyramid level and plan label. */
export interface SegmentReport {
  /** Number of users. */
  readonly users: number;
  /** Users per tag. */
  readonly tags: Readonly<Record<string, number>>;
  /** Customers per named RFM segment. */
  readonly rfmSegments: Readonly<Record<string, number>>;
  /** Customers per Chinese 8-group. */
  readonly rfmGroups: Readonly<Record<string, number>>;
  /** Users per cluster index. */
  readonly clusters: Readonly<Record<string, number>>;
  /** Users per pyramid level. */
  readonly pyramid: Readonly<Record<string, number>>;
  /** Users per plan label. */
  readonly labels: Readonly<Record<string, number>>;
}

/**
 * Counts an {@link assignSegments} result for a report: users per tag, RFM segment and group,
 * cluster, pyramid level and label (keys in first-seen order of the sorted users).
 *
 * @example
 * ```ts
 * import { DEFAULT_SEGMENT_PROGRAM, assignSegments, summarizeSegments } from 'siyu/segments';
 * const result = assignSegments(DEFAULT_SEGMENT_PROGRAM, { asOf: 0, events: [], users: [{ userId: 'u1' }, { userId: 'u2' }] });
 * summarizeSegments(result).labels; // → { dormant: 2 }
 * ```
 */
export function summarizeSegments(result: SegmentAssignments): SegmentReport {
  const bump = (into: Map<string, number>, key: string | number | undefined): void => {
    if (key !== undefined) into.set(String(key), (into.get(String(key)) ?? 0) + 1);
  };
  const tags = new Map<string, number>();
  const segs = new Map<string, number>();
  const groups = new Map<string, number>();
  const clusters = new Map<string, number>();
  const levels = new Map<string, number>();
  const labels = new Map<string, number>();
  for (const u of result.users) {
    for (const t of u.tags) bump(tags, t);
    bump(segs, u.rfm?.segment);
    bump(groups, u.rfm?.group);
    bump(clusters, u.cluster);
    bump(levels, u.pyramid);
    bump(labels, u.label);
  }
  return {
    users: result.users.length,
    tags: Object.fromEntries(tags),
    rfmSegments: Object.fromEntries(segs),
    rfmGroups: Object.fromEntries(groups),
    clusters: Object.fromEntries(clusters),
    pyramid: Object.fromEntries(levels),
    labels: Object.fromEntries(labels),
  };
}
