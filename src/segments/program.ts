/**
 * A segment program: the whole layering configuration as one JSON value, checked once —
 * metrics, tags, RFM, clustering, the value pyramid and a layering plan.
 *
 * @module
 */
import { SiyuError, parseWith, type FieldPath } from '../core/index.js';
import { BUILT_IN_SEGMENT_METRICS, BUILT_IN_SEGMENT_TAGS } from './builtIns.js';
import { DEFAULT_LAYERING_PLAN, DEFAULT_VALUE_PYRAMID, compileSegmentLabelRules, type CompiledSegmentLabelRules } from './labelRules.js';
import { SegmentProgramSchema, type SegmentProgram } from './schema.js';
import { compileSegmentTags, type CompiledSegmentTags } from './tags.js';

/**
 * The default program: built-in metrics and tags, quintile RFM, the default value pyramid and
 * the default layering plan, in `'Asia/Shanghai'`. No clustering (it needs a seed and a k).
 */
export const DEFAULT_SEGMENT_PROGRAM: SegmentProgram = {
  timeZone: 'Asia/Shanghai',
  metrics: BUILT_IN_SEGMENT_METRICS,
  tags: BUILT_IN_SEGMENT_TAGS,
  rfm: {},
  pyramid: DEFAULT_VALUE_PYRAMID,
  plan: DEFAULT_LAYERING_PLAN,
};

/** A program with its conditions compiled, ready to run. */
export interface CompiledSegmentProgram {
  /** The validated program. */
  readonly program: SegmentProgram;
  /** Compiled tags. */
  readonly tags: CompiledSegmentTags;
  /** Compiled pyramid, when configured. */
  readonly pyramid?: CompiledSegmentLabelRules | undefined;
  /** Compiled plan, when configured. */
  readonly plan?: CompiledSegmentLabelRules | undefined;
}

/**
 * Parses a program (see {@link parseSegmentProgram}) and keeps its compiled conditions, so a
 * caller running it many times validates and compiles once.
 *
 * @example
 * ```ts
 * import { DEFAULT_SEGMENT_PROGRAM, compileSegmentProgram } from 'siyu/segments';
 * const compiled = compileSegmentProgram(DEFAULT_SEGMENT_PROGRAM);
 * compiled.tags.tagsOf({ eventsIn7Days: 0, eventsIn30Days: 0, eventsEver: 0 }); // → ['neverActive']
 * ```
 */
export function compileSegmentProgram(input: unknown, root: FieldPath = []): CompiledSegmentProgram {
  const program = parseWith(SegmentProgramSchema, input, { root });
  const metrics = program.metrics.map((m) => m.name);
  const rfm = program.rfm !== undefined;
  const cluster = program.clustering !== undefined;
  const known = new Set(metrics);
  program.clustering?.features.forEach((f, i) => {
    if (!known.has(f)) throw SiyuError.at([...root, 'clustering', 'features', i], `unknown metric "${f}"`, 'unknown_field');
  });
  const tags = compileSegmentTags(program.tags, { metrics, rfm, cluster });
  const pyramid = program.pyramid === undefined ? undefined : compileSegmentLabelRules(program.pyramid, { metrics, rfm, cluster, tags: true }, [...root, 'pyramid']);
  const plan =
    program.plan === undefined ? undefined : compileSegmentLabelRules(program.plan, { metrics, rfm, cluster, tags: true, pyramid: pyramid !== undefined }, [...root, 'plan']);
  return { program, tags, ...(pyramid === undefined ? {} : { pyramid }), ...(plan === undefined ? {} : { plan }) };
}

/**
 * Parses a {@link SegmentProgram} from untrusted JSON and checks it whole: every condition reads
 * only fields the user record will have (metrics, `attributes.*`, `rfm.*` when RFM is on,
 * `cluster` when clustering is on; the pyramid may also read `tags`, the plan `tags` and
 * `pyramid`), and clustering features are metrics. Throws a `SiyuError` naming the path.
 *
 * @example
 * ```ts
 * import { parseSegmentProgram } from 'siyu/segments';
 * parseSegmentProgram({ metrics: [{ kind: 'count', name: 'orders', type: 'purchase' }], tags: [] }).timeZone; // → 'Asia/Shanghai'
 * const vip = { name: 'vip', condition: { field: 'rfm.segment', op: 'eq', value: 'champions' } };
 * parseSegmentProgram({ metrics: [], tags: [vip] }); // throws: siyu: tags[0].condition.field: unknown field "rfm.segment"
 * ```
 */
export function parseSegmentProgram(input: unknown, root: FieldPath = []): SegmentProgram {
  return compileSegmentProgram(input, root).program;
}
