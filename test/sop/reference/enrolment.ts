// Frozen copy of src/sop/enrolment.ts as it was before the issue-9 performance work: the oracle that
// test/sop/equivalence.prop.test.ts compares the optimised module with. Do not edit.
/**
 * Enrolments: a target (group or customer) entering a template at an anchor instant, in its zone,
 * with its variables, staff and facts.
 *
 * @module
 */
import { parseWith } from 'siyu/core';
import { SopEnrolmentSchema, type SopEnrolment } from './schema.js';

/**
 * Parses an enrolment from untrusted input, or throws a `SiyuError` naming the field. The anchor
 * may be a `Date`, an ISO 8601 string with an offset, or epoch ms; the zone defaults to
 * `'Asia/Shanghai'`.
 *
 * @example
 * ```ts
 * import { parseSopEnrolment } from 'siyu/sop';
 * const e = parseSopEnrolment({ targetId: 'g1', anchor: '2026-03-02T10:00:00+08:00' });
 * [e.anchor, e.timeZone]; // → [1772416800000, 'Asia/Shanghai']
 * parseSopEnrolment({ targetId: 'g1', anchor: '2026-03-02T10:00:00' }); // throws: siyu: anchor: ISO 8601 string
 * ```
 */
export function parseSopEnrolment(input: unknown): SopEnrolment {
  return parseWith(SopEnrolmentSchema, input);
}
