/**
 * The customer summary the CLV models read, built from purchase events: repeat purchase days
 * `x`, `t_x`, age `T` and mean repeat spend, in local days of a zone.
 *
 * @module
 */
import { SiyuError, buildEventTable, dayNumberOfLocalDate, localDayNumber, type ActivityEvent, type EventTable } from '../../core/index.js';
import { parseClvSummaryOptions, type ClvCustomerSummary, type ClvSummaryOptions } from './schema.js';

/** Days per time unit. */
const UNIT_DAYS = { day: 1, week: 7 } as const;

interface CustomerDays {
  /** Local day numbers with a purchase in the calibration period, ascending, distinct. */
  days: number[];
  /** Spend per entry of `days`. */
  spend: number[];
  /** Distinct local days with a purchase in the holdout period. */
  holdoutDays: Set<number>;
}

function isEventTable(input: readonly ActivityEvent[] | EventTable): input is EventTable {
  return !Array.isArray(input);
}

/**
 * Builds one {@link ClvCustomerSummary} per customer from purchase events (or an `EventTable`).
 *
 * Semantics (those of Fader, Hardie & Lee and `lifetimes`):
 * - only events of `purchaseType` (default `'purchase'`) count; each is placed on its local day in
 *   `timeZone` (default `'Asia/Shanghai'`), and all purchases of one local day are one purchase
 *   period whose spend is the sum of their `amount`s (a missing amount adds 0);
 * - the calibration period ends with the local day `calibrationEnd` (inclusive); customers whose
 *   first purchase is later are left out; later purchases only count toward `holdoutPurchases`
 *   (distinct purchase days up to `holdoutEnd`, inclusive) when `holdoutEnd` is given;
 * - `x` = purchase days − 1; `tX` = days from the first to the last purchase day; `T` = days from
 *   the first purchase day to `calibrationEnd`; both divided by 7 when `timeUnit` is `'week'`;
 * - `meanSpend` = mean of the day totals of the repeat purchase days, in the events' amount unit
 *   (minor units), not rounded; 0 when `x` is 0.
 *
 * Customers come out in order of first appearance in the (time-ordered) events.
 *
 * @param events - activity events (any types; only purchases are read) or an `EventTable`
 * @param options - calibration end and unit (see {@link ClvSummaryOptions})
 *
 * @example
 * ```ts
 * import { buildClvSummary } from 'siyu/segments';
 * const events = [
 *   { id: 'o1', userId: 'u1', type: 'purchase', at: '2026-01-01T10:00:00+08:00', amount: 5_000 },
 *   { id: 'o2', userId: 'u1', type: 'purchase', at: '2026-01-08T10:00:00+08:00', amount: 2_000 },
 *   { id: 'o3', userId: 'u1', type: 'purchase', at: '2026-01-08T21:00:00+08:00', amount: 1_000 },
 *   { id: 'o4', userId: 'u1', type: 'purchase', at: '2026-01-15T09:00:00+08:00', amount: 6_000 },
 * ].map((e) => ({ ...e, at: Date.parse(e.at) }));
 * buildClvSummary(events, { calibrationEnd: '2026-01-29', timeUnit: 'week' });
 * // → [{ userId: 'u1', x: 2, tX: 2, T: 4, meanSpend: 4_500 }]
 * ```
 */
export function buildClvSummary(events: readonly ActivityEvent[] | EventTable, options: ClvSummaryOptions): ClvCustomerSummary[] {
  const settings = parseClvSummaryOptions(options);
  const table = isEventTable(events) ? events : buildEventTable(events);
  const purchaseType = table.types.indexOf(settings.purchaseType);
  const endDay = dayNumberOfLocalDate(settings.calibrationEnd);
  const holdoutEndDay = settings.holdoutEnd === undefined ? undefined : dayNumberOfLocalDate(settings.holdoutEnd);
  const perCustomer = new Map<number, CustomerDays>();
  const order: number[] = [];
  for (let row = 0; row < table.length; row++) {
    if (row > 0 && (table.at[row] as number) < (table.at[row - 1] as number)) {
      throw SiyuError.at(['events', row, 'at'], 'EventTable rows must be in time order (build it with buildEventTable)');
    }
    if (table.type[row] !== purchaseType) continue;
    const user = table.user[row] as number;
    const day = localDayNumber(table.at[row] as number, settings.timeZone);
    let entry = perCustomer.get(user);
    if (day > endDay) {
      if (entry !== undefined && holdoutEndDay !== undefined && day <= holdoutEndDay) entry.holdoutDays.add(day);
      continue;
    }
    if (entry === undefined) {
      entry = { days: [], spend: [], holdoutDays: new Set() };
      perCustomer.set(user, entry);
      order.push(user);
    }
    const amount = table.amount[row] as number;
    const spend = Number.isNaN(amount) ? 0 : amount;
    const last = entry.days.length - 1;
    // Rows are in time order (checked above), so a customer's days arrive ascending.
    if (last >= 0 && entry.days[last] === day) entry.spend[last] = (entry.spend[last] as number) + spend;
    else {
      entry.days.push(day);
      entry.spend.push(spend);
    }
  }
  const unit = UNIT_DAYS[settings.timeUnit];
  return order.map((user) => {
    const { days, spend, holdoutDays } = perCustomer.get(user) as CustomerDays;
    const first = days[0] as number;
    const x = days.length - 1;
    let repeatSpend = 0;
    for (let i = 1; i < spend.length; i++) repeatSpend += spend[i] as number;
    const summary: ClvCustomerSummary = {
      userId: table.userIds[user] as string,
      x,
      tX: ((days[x] as number) - first) / unit,
      T: (endDay - first) / unit,
      meanSpend: x === 0 ? 0 : repeatSpend / x,
    };
    return holdoutEndDay === undefined ? summary : { ...summary, holdoutPurchases: holdoutDays.size };
  });
}
