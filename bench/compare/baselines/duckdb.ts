/**
 * DuckDB (`@duckdb/node-api`, installed by `npm run bench:setup`) on the same data: the CSV copy
 * loaded into a table `events(uid INTEGER, type VARCHAR, ts BIGINT, amount BIGINT)` once, then
 * each workload as one SQL statement, with `SET threads = 1` or `2` before it. Large per-user
 * results stay inside DuckDB (`CREATE TEMP TABLE … AS`), as siyu's stay in typed arrays; the
 * canonical form is read back outside the timing.
 */
import type { FunnelCanonical, RetentionCanonical, RfmCanonical } from '../canonical.js';
import { importOptional } from '../workload.js';

/** The part of @duckdb/node-api used here. */
interface DuckDbReader {
  getRowsJS(): unknown[][];
}
interface DuckDbConnection {
  run(sql: string): Promise<unknown>;
  runAndReadAll(sql: string): Promise<DuckDbReader>;
  closeSync(): void;
}
interface DuckDbInstance {
  connect(): Promise<DuckDbConnection>;
  closeSync(): void;
}
interface DuckDbModule {
  DuckDBInstance: { create(path: string, options?: Record<string, string>): Promise<DuckDbInstance> };
}

/** A connection with the events table loaded. */
export interface DuckDbSession {
  readonly version: string;
  /** Runs statements with the thread count set first; returns the last statement's rows. */
  readonly query: (threads: number, sql: string) => Promise<unknown[][]>;
  readonly close: () => void;
}

/** Opens DuckDB in memory and loads the CSV, or `null` when @duckdb/node-api is not installed. */
export async function openDuckDb(csvPath: string): Promise<DuckDbSession | null> {
  const mod = await importOptional<DuckDbModule>('@duckdb/node-api');
  if (mod === null) return null;
  const instance = await mod.DuckDBInstance.create(':memory:', { threads: '2' });
  const connection = await instance.connect();
  await connection.run(
    `CREATE TABLE events AS SELECT * FROM read_csv('${csvPath.replaceAll("'", "''")}', header = true, ` +
      `columns = {'uid': 'INTEGER', 'type': 'VARCHAR', 'ts': 'BIGINT', 'amount': 'BIGINT'})`,
  );
  const version = String((await connection.runAndReadAll('SELECT version()')).getRowsJS()[0]?.[0]);
  return {
    version,
    query: async (threads, sql) => {
      await connection.run(`SET threads = ${threads}`);
      return (await connection.runAndReadAll(sql)).getRowsJS();
    },
    close: () => {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

const DAY = 86_400_000;
const OFFSET = 8 * 3_600_000; // Asia/Shanghai, no DST

/**
 * The ordered 4-step funnel in SQL: from each step-1 event, ASOF joins find the earliest next
 * step at or after the previous one (the greedy chain, which is what siyu's level slots keep);
 * a user's reported chain is the one reaching the furthest level first, ties to the latest start.
 */
export function funnelSql(steps: readonly string[], windowMs: number): string {
  const [a, b, c, d] = steps as [string, string, string, string];
  return `
WITH e1 AS (SELECT uid, ts AS t1 FROM events WHERE type = '${a}'),
     e2 AS (SELECT uid, ts AS t2 FROM events WHERE type = '${b}'),
     e3 AS (SELECT uid, ts AS t3 FROM events WHERE type = '${c}'),
     e4 AS (SELECT uid, ts AS t4 FROM events WHERE type = '${d}'),
     c2 AS (SELECT e1.uid, t1, t2 FROM e1 ASOF LEFT JOIN e2 ON e1.uid = e2.uid AND e1.t1 <= e2.t2),
     c3 AS (SELECT c2.uid, t1, t2, t3 FROM c2 ASOF LEFT JOIN e3 ON c2.uid = e3.uid AND c2.t2 <= e3.t3),
     c4 AS (SELECT c3.uid, t1, t2, t3, t4 FROM c3 ASOF LEFT JOIN e4 ON c3.uid = e4.uid AND c3.t3 <= e4.t4),
     chains AS (
       SELECT uid, t1, t2, t3, t4,
         CASE WHEN t2 IS NULL OR t2 - t1 > ${windowMs} THEN 0
              WHEN t3 IS NULL OR t3 - t1 > ${windowMs} THEN 1
              WHEN t4 IS NULL OR t4 - t1 > ${windowMs} THEN 2 ELSE 3 END AS level
       FROM c4),
     best AS (
       SELECT uid, level, t1, t2, t3, t4 FROM chains
       QUALIFY row_number() OVER (PARTITION BY uid ORDER BY level DESC,
         CASE level WHEN 0 THEN t1 WHEN 1 THEN t2 WHEN 2 THEN t3 ELSE t4 END, t1 DESC) = 1)
SELECT count(*)::DOUBLE,
  (count(*) FILTER (level >= 1))::DOUBLE, (count(*) FILTER (level >= 2))::DOUBLE, (count(*) FILTER (level >= 3))::DOUBLE,
  avg(t2 - t1) FILTER (level >= 1), avg(t3 - t2) FILTER (level >= 2), avg(t4 - t3) FILTER (level >= 3),
  median(t2 - t1) FILTER (level >= 1)::DOUBLE, median(t3 - t2) FILTER (level >= 2)::DOUBLE, median(t4 - t3) FILTER (level >= 3)::DOUBLE
FROM best`;
}

/** The funnel SQL's one row as the canonical form. */
export function funnelFromRow(row: readonly unknown[]): FunnelCanonical {
  const num = (x: unknown): number | null => (x === null ? null : Number(x));
  return {
    counts: [0, 1, 2, 3].map((i) => Number(row[i])),
    meanMs: [null, num(row[4]), num(row[5]), num(row[6])],
    medianMs: [null, num(row[7]), num(row[8]), num(row[9])],
  };
}

/** Daily retention in SQL: cohort day of the first start event, distinct (user, day) returns. */
export function retentionSql(startType: string, returnType: string, firstDay: number, lastDay: number, K: number): string {
  return `
WITH cohort AS (SELECT uid, (min(ts) + ${OFFSET}) // ${DAY} AS c FROM events WHERE type = '${startType}' GROUP BY uid),
     ret AS (SELECT DISTINCT uid, (ts + ${OFFSET}) // ${DAY} AS d FROM events WHERE type = '${returnType}')
SELECT c::DOUBLE, 0::DOUBLE AS k, count(*)::DOUBLE FROM cohort WHERE c BETWEEN ${firstDay} AND ${lastDay} GROUP BY c
UNION ALL
SELECT c::DOUBLE, (d - c)::DOUBLE, count(*)::DOUBLE FROM cohort JOIN ret USING (uid)
WHERE c BETWEEN ${firstDay} AND ${lastDay} AND d - c BETWEEN 1 AND ${K} GROUP BY c, d - c`;
}

/** The retention SQL's (cohort, k, users) rows as the canonical matrix. */
export function retentionFromRows(rows: readonly (readonly unknown[])[], firstDay: number, lastDay: number, K: number): RetentionCanonical {
  const out: number[][] = Array.from({ length: lastDay - firstDay + 1 }, () => new Array<number>(K + 1).fill(0));
  for (const [c, k, n] of rows) (out[Number(c) - firstDay] as number[])[Number(k)] = Number(n);
  return { firstDay, rows: out };
}

/** RFM in SQL, kept in DuckDB as temp tables `rfm_cuts` and `rfm` (user, r, f, m). */
export function rfmSql(purchaseType: string, asOf: number): string {
  const asOfDay = Math.floor((asOf + OFFSET) / DAY);
  return `
CREATE OR REPLACE TEMP TABLE rfm_values AS
  SELECT uid, ${asOfDay} - (max(ts) + ${OFFSET}) // ${DAY} AS recency, count(*) AS frequency, sum(amount) AS monetary
  FROM events WHERE type = '${purchaseType}' GROUP BY uid;
CREATE OR REPLACE TEMP TABLE rfm_cuts AS
  SELECT quantile_cont(recency, [0.2, 0.4, 0.6, 0.8]) AS qr, quantile_cont(frequency, [0.2, 0.4, 0.6, 0.8]) AS qf,
         quantile_cont(monetary, [0.2, 0.4, 0.6, 0.8]) AS qm FROM rfm_values;
CREATE OR REPLACE TEMP TABLE rfm AS
  SELECT uid,
    5 - (recency > qr[1])::INT - (recency > qr[2])::INT - (recency > qr[3])::INT - (recency > qr[4])::INT AS r,
    1 + (frequency > qf[1])::INT + (frequency > qf[2])::INT + (frequency > qf[3])::INT + (frequency > qf[4])::INT AS f,
    1 + (monetary > qm[1])::INT + (monetary > qm[2])::INT + (monetary > qm[3])::INT + (monetary > qm[4])::INT AS m
  FROM rfm_values, rfm_cuts;`;
}

/** Reads the RFM temp tables back as the canonical form (outside the timing). */
export async function rfmFromTables(session: DuckDbSession): Promise<RfmCanonical> {
  const [cuts] = await session.query(2, 'SELECT qr, qf, qm FROM rfm_cuts');
  const cells = await session.query(2, 'SELECT r, f, m, count(*)::DOUBLE FROM rfm GROUP BY ALL');
  const [summary] = await session.query(2, 'SELECT count(*)::DOUBLE, sum((uid + 1)::HUGEINT * (100 * r + 10 * f + m))::DOUBLE FROM rfm');
  const histogram = new Array<number>(125).fill(0);
  for (const [r, f, m, n] of cells) histogram[(Number(r) - 1) * 25 + (Number(f) - 1) * 5 + (Number(m) - 1)] = Number(n);
  const list = (x: unknown): number[] => (x as unknown[]).map(Number);
  const c = cuts as unknown[];
  const s = summary as unknown[];
  return {
    customers: Number(s[0]),
    cutPoints: { recency: list(c[0]), frequency: list(c[1]), monetary: list(c[2]) },
    histogram,
    checksum: Number(s[1]),
  };
}
