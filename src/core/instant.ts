/**
 * Instants: points on the timeline as epoch milliseconds, and the one normaliser that turns
 * user input into them.
 *
 * @module
 */
import * as z from 'zod';
import { daysInMonth } from './calendar.js';
import { SiyuError, type FieldPath } from './error.js';

/** A point on the timeline as integer epoch milliseconds (UTC). How siyu stores every time. */
export type Instant = number;

/** What public functions accept as a time: a `Date`, an ISO 8601 string with an offset, or epoch ms. */
export type InstantInput = Date | string | number;

/** The range of a JavaScript `Date`: ±8.64e15 ms around the epoch. */
/** The largest |epoch ms| a `Date` can hold (±100,000,000 days). Internal. */
export const MAX_INSTANT = 8.64e15;

const ISO_INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)$/;

/** The outcome of {@link tryToInstant}. */
export type InstantResult = { readonly ok: true; readonly value: Instant } | { readonly ok: false; readonly problem: string };


function parseIsoInstant(text: string): InstantResult {
  const m = ISO_INSTANT.exec(text);
  if (m === null) {
    if (/^\d{4}-\d{2}-\d{2}(?:[Tt ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?)?$/.test(text)) {
      return { ok: false, problem: `ISO 8601 string "${text}" has no offset (ambiguous): add "Z" or "+08:00", or use a local date with a time zone` };
    }
    return { ok: false, problem: `"${text}" is not an ISO 8601 date-time with an offset (e.g. 2026-11-25T09:30:00+08:00)` };
  }
  const [, y, mo, d, h, mi, s, frac, zulu, sign, oh, om] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = s === undefined ? 0 : Number(s);
  const ms = frac === undefined ? 0 : Math.floor(Number(`0.${frac}`) * 1000);
  if (month < 1 || month > 12) return { ok: false, problem: `"${text}" has month ${month}` };
  if (day < 1 || day > daysInMonth(year, month)) return { ok: false, problem: `"${text}" has day ${day}, not in ${y}-${mo}` };
  if (hour > 23 || minute > 59 || second > 59) return { ok: false, problem: `"${text}" has a time out of range` };
  let offsetMinutes = 0;
  if (zulu === undefined) {
    const offH = Number(oh);
    const offM = om === undefined ? 0 : Number(om);
    if (offH > 23 || offM > 59) return { ok: false, problem: `"${text}" has an offset out of range` };
    offsetMinutes = (sign === '-' ? -1 : 1) * (offH * 60 + offM);
  }
  const wall = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  // Date.UTC maps years 0..99 to 1900..1999; correct for them.
  const fixed = year < 100 ? new Date(wall).setUTCFullYear(year) : wall;
  return { ok: true, value: fixed - offsetMinutes * 60_000 };
}

/**
 * Normalises a time without throwing: the instant, or the problem in words.
 *
 * @example
 * ```ts
 * import { tryToInstant } from 'siyu/core';
 * tryToInstant('2026-11-25T09:30:00+08:00'); // → { ok: true, value: 1795570200000 }
 * tryToInstant(Number.NaN).ok; // → false
 * ```
 */
export function tryToInstant(input: unknown): InstantResult {
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return { ok: false, problem: `${String(input)} is not a finite number of epoch milliseconds` };
    if (!Number.isInteger(input)) return { ok: false, problem: `${input} is not an integer number of epoch milliseconds` };
    if (Math.abs(input) > MAX_INSTANT) return { ok: false, problem: `${input} is outside the range of dates` };
    return { ok: true, value: input };
  }
  if (input instanceof Date) {
    const t = input.getTime();
    return Number.isNaN(t) ? { ok: false, problem: 'Invalid Date' } : { ok: true, value: t };
  }
  if (typeof input === 'string') return parseIsoInstant(input.trim());
  return { ok: false, problem: `expected a Date, an ISO 8601 string with an offset, or epoch milliseconds; received ${input === null ? 'null' : typeof input}` };
}

/**
 * Normalises a time to an {@link Instant}: a valid `Date`, an ISO 8601 string **with an offset**
 * (`Z` or `±HH:MM`), or finite integer epoch milliseconds. Anything else throws a
 * {@link SiyuError} with code `invalid_instant` naming `path`. Idempotent: an instant
 * normalises to itself.
 *
 * @param input - the time to normalise
 * @param path - where the value came from, for the error message
 *
 * @example
 * ```ts
 * import { toInstant } from 'siyu/core';
 * toInstant('2026-01-01T00:00:00Z'); // → 1767225600000
 * toInstant(new Date(1767225600000)); // → 1767225600000
 * toInstant(1767225600000); // → 1767225600000
 * toInstant('2026-01-01T08:00:00', ['event', 'at']); // throws: siyu: event.at: ISO 8601 string "2026-01-01T08:00:00" has no offset
 * ```
 */
export function toInstant(input: InstantInput, path: FieldPath = []): Instant {
  const result = tryToInstant(input);
  if (!result.ok) throw SiyuError.at(path, result.problem, 'invalid_instant');
  return result.value;
}

/**
 * zod schema of an {@link InstantInput}; its output is the normalised {@link Instant}.
 *
 * @example
 * ```ts
 * import { InstantSchema } from 'siyu/core';
 * InstantSchema.parse('2026-01-01T08:00:00+08:00'); // → 1767225600000
 * InstantSchema.safeParse('2026-01-01').success; // → false
 * ```
 */
export const InstantSchema = z.union([z.number(), z.string(), z.date()]).transform((value, ctx): Instant => {
  const result = tryToInstant(value);
  if (result.ok) return result.value;
  ctx.issues.push({ code: 'custom', message: result.problem, input: value });
  return z.NEVER;
});
