/**
 * The analytics workloads of issue 9 on the shared data set (dataset.ts): a 4-step ordered
 * funnel with a 7-day window, daily cohort retention (offsets 0..30), RFM quintile scoring, and
 * building an EventTable from 10⁷ rows. Implementations: siyu on its columnar EventTable and on
 * ActivityEvent objects, hand-written typed-array and object-row code, DuckDB with 1 and 2
 * threads. Inputs in each implementation's form are built lazily (on the untimed check run).
 */
import { buildEventTable, buildEventTableFromColumns, type ActivityEvent, type EventTable } from '../../../src/core/index.js';
import { computeFunnel, computeRetention, type FunnelResult, type RetentionResult } from '../../../src/funnel/index.js';
import { computeRfm, computeRfmColumns, type RfmColumns, type RfmResult } from '../../../src/segments/index.js';
import { encodeUserIdsWithMap, funnelTyped, funnelTypedOnePass, retentionTyped, rfmTyped } from '../baselines/typedArrays.js';
import { funnelObjects, retentionObjects, rfmObjects } from '../baselines/objectRows.js';
import { funnelFromRow, funnelSql, openDuckDb, retentionFromRows, retentionSql, rfmFromTables, rfmSql, type DuckDbSession } from '../baselines/duckdb.js';
import { rfmCanonical, type FunnelCanonical, type RetentionCanonical, type RfmCanonical } from '../canonical.js';
import { DATA_DAYS, DATA_START, EVENT_TYPES, loadDataset, toActivityEvents, userIdStrings, type Dataset } from '../dataset.js';
import type { Implementation, Workload, WorkloadFactory } from '../workload.js';

const DAY_MS = 86_400_000;
const WINDOW_MS = 7 * DAY_MS;
const STEPS = ['add_friend', 'join_group', 'message', 'purchase'];
const FIRST_DAY = DATA_START / DAY_MS; // 2026-01-01 (the data start at 08:00 in Shanghai)
const LAST_DAY = FIRST_DAY + DATA_DAYS; // 2026-04-01: the last 8 hours of data, local time
const K = 30;
const AS_OF = DATA_START + DATA_DAYS * DAY_MS;

/** Implementation names, shared with the runner's memory mode and the docs. */
export const NAMES = {
  siyuTable: 'siyu (EventTable)',
  siyuObjects: 'siyu (ActivityEvent[])',
  typed: 'hand-written typed arrays',
  typedOnePass: 'hand-written typed arrays, one pass',
  objects: 'hand-written object rows',
  duck1: 'DuckDB threads=1',
  duck2: 'DuckDB threads=2',
} as const;

/** A lazily built, cached value that can be dropped again. */
interface Lazy<T> {
  (): T;
  reset(): void;
}

function lazy<T>(make: () => T): Lazy<T> {
  let value: T | undefined;
  let made = false;
  const get = (): T => {
    if (!made) {
      value = make();
      made = true;
    }
    return value as T;
  };
  return Object.assign(get, {
    reset: () => {
      value = undefined;
      made = false;
    },
  });
}

function funnelCanonicalOf(result: FunnelResult): FunnelCanonical {
  return {
    counts: result.steps.map((s) => s.count),
    meanMs: result.steps.map((s) => s.meanTimeFromPreviousMs),
    medianMs: result.steps.map((s) => s.medianTimeFromPreviousMs),
  };
}

function retentionCanonicalOf(result: RetentionResult): RetentionCanonical {
  return { firstDay: FIRST_DAY, rows: result.cohorts.map((c) => c.counts.map((x) => x ?? -1)) };
}

function rfmCanonicalOf(result: RfmResult): RfmCanonical {
  const ids = result.users.map((u) => Number(u.userId.slice(1)));
  return rfmCanonical(
    ids,
    result.users.map((u) => u.r),
    result.users.map((u) => u.f),
    result.users.map((u) => u.m),
    result.cutPoints,
  );
}

function rfmColumnsCanonicalOf(result: RfmColumns): RfmCanonical {
  return rfmCanonical(
    result.userIds.map((id) => Number(id.slice(1))),
    result.r,
    result.f,
    result.m,
    result.cutPoints,
  );
}

/** Dense id per row of a table, via its dictionary (`u<id>`), as a checksum of the encoding. */
function tableChecksum(table: EventTable): { users: number; rows: number; checksum: number } {
  const dense = Float64Array.from(table.userIds, (id) => Number(id.slice(1)));
  let checksum = 0;
  for (let r = 0; r < table.length; r++) checksum += (dense[table.user[r] as number] as number) * ((r % 7) + 1);
  return { users: table.userIds.length, rows: table.length, checksum };
}

/** Creates the analytics workloads for a size. */
export const createWorkloads: WorkloadFactory = async (context) => {
  const d: Dataset = loadDataset(context.size);
  const dictionary = userIdStrings(d);
  const table = lazy(() => buildEventTableFromColumns({ user: d.user, userIds: dictionary, type: d.type, types: EVENT_TYPES, at: d.at, amount: d.amount }));
  const events = lazy((): ActivityEvent[] => toActivityEvents(d, dictionary));
  const stringUserIds = lazy(() => Array.from(d.user, (u) => `u${u}`));
  const wantDuck = context.withComparisons && d.csvPath !== '' && (context.onlyImplementation?.startsWith('DuckDB') ?? true);
  const duck = wantDuck ? await openDuckDb(d.csvPath) : null;

  const duckImpls = (sql: string, canonical: (session: DuckDbSession, rows: unknown[][]) => unknown): Implementation[] =>
    duck === null
      ? []
      : [1, 2].map((threads) => ({
          name: threads === 1 ? NAMES.duck1 : NAMES.duck2,
          run: () => duck.query(threads, sql),
          canonical: (rows: unknown) => canonical(duck, rows as unknown[][]),
        }));
  const withDuck = duck === null ? {} : { duckdb: NAMES.duck1 };

  const funnelDef = { steps: STEPS.map((type) => ({ type })), window: { amount: 7, unit: 'day' as const } };
  const funnel: Workload = {
    name: 'funnel: 4 steps ordered, 7-day window',
    items: d.length,
    unit: 'events',
    baseline: NAMES.typed,
    ...withDuck,
    implementations: [
      { name: NAMES.siyuTable, run: () => computeFunnel(funnelDef, table()), canonical: (r) => funnelCanonicalOf(r as FunnelResult) },
      { name: NAMES.siyuObjects, inputs: 'objects', run: () => computeFunnel(funnelDef, events()), canonical: (r) => funnelCanonicalOf(r as FunnelResult) },
      { name: NAMES.typed, run: () => funnelTyped(d, WINDOW_MS), canonical: (r) => r },
      { name: NAMES.typedOnePass, run: () => funnelTypedOnePass(d, WINDOW_MS), canonical: (r) => r },
      { name: NAMES.objects, inputs: 'objects', run: () => funnelObjects(events(), STEPS, WINDOW_MS), canonical: (r) => r },
      ...duckImpls(funnelSql(STEPS, WINDOW_MS), (_s, rows) => funnelFromRow(rows[0] as unknown[])),
    ],
    ratioTargets: [
      { subject: NAMES.siyuTable, versus: NAMES.typed, max: 1.25 },
      { subject: NAMES.siyuObjects, versus: NAMES.objects, max: 1 },
      ...(duck === null ? [] : [{ subject: NAMES.siyuTable, versus: NAMES.duck1, max: 0.5 }]),
    ],
  };

  const retentionDef = {
    startEvent: { type: 'add_friend' },
    returnEvent: { type: 'message' },
    period: 'day' as const,
    range: { from: '2026-01-01', to: '2026-04-01' },
    periods: K,
  };
  const retention: Workload = {
    name: 'retention: daily cohorts, offsets 0..30',
    items: d.length,
    unit: 'events',
    baseline: NAMES.typed,
    ...withDuck,
    implementations: [
      { name: NAMES.siyuTable, run: () => computeRetention(retentionDef, table()), canonical: (r) => retentionCanonicalOf(r as RetentionResult) },
      { name: NAMES.siyuObjects, inputs: 'objects', run: () => computeRetention(retentionDef, events()), canonical: (r) => retentionCanonicalOf(r as RetentionResult) },
      { name: NAMES.typed, run: () => retentionTyped(d, 0, 2, FIRST_DAY, LAST_DAY, K), canonical: (r) => r },
      { name: NAMES.objects, inputs: 'objects', run: () => retentionObjects(events(), 'add_friend', 'message', FIRST_DAY, LAST_DAY, K), canonical: (r) => r },
      ...duckImpls(retentionSql('add_friend', 'message', FIRST_DAY, LAST_DAY, K), (_s, rows) => retentionFromRows(rows, FIRST_DAY, LAST_DAY, K)),
    ],
    ratioTargets: [
      { subject: NAMES.siyuTable, versus: NAMES.typed, max: 1.25 },
      { subject: NAMES.siyuObjects, versus: NAMES.objects, max: 1 },
      ...(duck === null ? [] : [{ subject: NAMES.siyuTable, versus: NAMES.duck1, max: 0.5 }]),
    ],
  };

  const rfm: Workload = {
    name: 'RFM: quintile scores of purchasers',
    items: d.length,
    unit: 'events',
    baseline: NAMES.typed,
    ...withDuck,
    implementations: [
      { name: NAMES.siyuTable, run: () => computeRfmColumns(table(), { asOf: AS_OF }), canonical: (r) => rfmColumnsCanonicalOf(r as RfmColumns) },
      { name: NAMES.siyuObjects, inputs: 'objects', run: () => computeRfmColumns(events(), { asOf: AS_OF }), canonical: (r) => rfmColumnsCanonicalOf(r as RfmColumns) },
      { name: 'siyu computeRfm, sorted objects (EventTable)', run: () => computeRfm(table(), { asOf: AS_OF }), canonical: (r) => rfmCanonicalOf(r as RfmResult) },
      { name: NAMES.typed, run: () => rfmTyped(d, 3, AS_OF), canonical: (r) => r },
      { name: NAMES.objects, inputs: 'objects', run: () => rfmObjects(events(), 'purchase', AS_OF), canonical: (r) => r },
      ...duckImpls(rfmSql('purchase', AS_OF), (session) => rfmFromTables(session)),
    ],
    ratioTargets: [
      { subject: NAMES.siyuTable, versus: NAMES.typed, max: 1.25 },
      { subject: NAMES.siyuObjects, versus: NAMES.objects, max: 1 },
      ...(duck === null ? [] : [{ subject: NAMES.siyuTable, versus: NAMES.duck1, max: 0.5 }]),
    ],
  };

  const ingest: Workload = {
    name: 'ingest: EventTable from rows with string user ids',
    items: d.length,
    unit: 'events',
    baseline: 'hand-written Map encoding',
    implementations: [
      {
        name: 'hand-written Map encoding',
        inputs: 'strings',
        run: () => encodeUserIdsWithMap(stringUserIds()),
        canonical: (r) => {
          const { codes, dictionary: dict } = r as ReturnType<typeof encodeUserIdsWithMap>;
          return tableChecksum({ ...table(), length: codes.length, user: codes, userIds: dict });
        },
      },
      {
        name: 'siyu from string columns',
        inputs: 'strings',
        run: () => buildEventTableFromColumns({ userId: stringUserIds(), type: d.type, types: EVENT_TYPES, at: d.at, amount: d.amount }),
        canonical: (r) => tableChecksum(r as EventTable),
      },
      {
        name: 'siyu from encoded columns',
        run: () => buildEventTableFromColumns({ user: d.user, userIds: dictionary, type: d.type, types: EVENT_TYPES, at: d.at, amount: d.amount }),
        canonical: (r) => tableChecksum(r as EventTable),
      },
      { name: 'siyu buildEventTable (ActivityEvent[])', inputs: 'objects', run: () => buildEventTable(events()), canonical: (r) => tableChecksum(r as EventTable) },
    ],
    ratioTargets: [{ subject: 'siyu from string columns', versus: 'hand-written Map encoding', max: 1 }],
  };

  const release = (inputs: string): void => {
    if (inputs === 'objects') events.reset();
    if (inputs === 'strings') stringUserIds.reset();
  };
  return [
    { ...funnel, release, ...(duck === null ? {} : { close: () => duck.close() }) },
    { ...retention, release },
    { ...rfm, release },
    { ...ingest, release },
  ];
};
