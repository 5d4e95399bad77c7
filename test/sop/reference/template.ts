// Frozen copy of src/sop/template.ts as it was before the issue-9 performance work: the oracle that
// test/sop/equivalence.prop.test.ts compares the optimised module with. Do not edit.
/**
 * Parsing playbook templates: the zod schema plus the cross-field checks (unique item ids,
 * every `{{variable}}` declared, one monthly day rule, real yearly dates, series bounds in
 * order, non-empty quiet hours).
 *
 * @module
 */
import { SiyuError, daysInMonth, parseWith, type SiyuIssue } from 'siyu/core';
import { compileSopText } from './render.js';
import { SopTemplateSchema, type SopSeriesBound, type SopTemplate } from './schema.js';

function boundsOutOfOrder(from: SopSeriesBound | undefined, until: SopSeriesBound | undefined): boolean {
  if (from === undefined || until === undefined) return false;
  if ('date' in from && 'date' in until) return until.date < from.date;
  if ('day' in from && 'day' in until) return until.day < from.day;
  return false;
}

/** The cross-field problems of a schema-valid template. */
function templateIssues(template: SopTemplate): SiyuIssue[] {
  const issues: SiyuIssue[] = [];
  const add = (path: (string | number)[], message: string, code = 'custom'): void => {
    issues.push({ path, message, code });
  };
  const declared = new Set(Object.keys(template.variables));
  const seen = new Map<string, number>();
  template.items.forEach((item, i) => {
    const first = seen.get(item.id);
    if (first !== undefined) add(['items', i, 'id'], `duplicate item id "${item.id}" (also items[${first}])`, 'duplicate_id');
    else seen.set(item.id, i);
    for (const name of compileSopText(item.content.text).slots) {
      if (!declared.has(name)) add(['items', i, 'content', 'text'], `unknown variable "${name}": declare it in variables`, 'unknown_variable');
    }
    const time = item.time;
    if (time.kind === 'monthly') {
      const byDay = time.day !== undefined;
      const byWeekday = time.nth !== undefined || time.isoWeekday !== undefined;
      if (byDay === byWeekday) add(['items', i, 'time'], 'give either day, or nth and isoWeekday');
      else if (byWeekday && (time.nth === undefined || time.isoWeekday === undefined)) add(['items', i, 'time'], 'nth and isoWeekday go together');
    }
    if (time.kind === 'yearly') {
      const byDate = time.month !== undefined || time.day !== undefined;
      if (byDate === (time.dateVariable !== undefined)) add(['items', i, 'time'], 'give either month and day, or dateVariable');
      else if (byDate && (time.month === undefined || time.day === undefined)) add(['items', i, 'time'], 'month and day go together');
      else if (time.month !== undefined && time.day !== undefined && time.day > daysInMonth(2024, time.month)) {
        add(['items', i, 'time', 'day'], `month ${time.month} has no day ${time.day}`);
      } else if (time.dateVariable !== undefined && !declared.has(time.dateVariable)) {
        add(['items', i, 'time', 'dateVariable'], `unknown variable "${time.dateVariable}": declare it in variables`, 'unknown_variable');
      }
    }
    if ((time.kind === 'weekly' || time.kind === 'monthly' || time.kind === 'everyNDays' || time.kind === 'yearly') && boundsOutOfOrder(time.from, time.until)) add(['items', i, 'time', 'until'], 'the series ends before it starts');
  });
  if (template.quietHours !== null && template.quietHours.start === template.quietHours.end) {
    add(['quietHours', 'end'], 'quiet hours need start ≠ end (use null for none)');
  }
  return issues;
}

/**
 * Parses a playbook template from untrusted input (JSON), or throws a `SiyuError` naming the
 * field: wrong types, unknown keys, invalid times (`'24:00'`, `'9:5'`), `isoWeekday` 0 or 8,
 * day −1, an empty item list, an unknown channel, duplicate item ids, and `{{variables}}` that
 * are not declared in `variables`.
 *
 * @example
 * ```ts
 * import { parseSopTemplate } from 'siyu/sop';
 * const t = parseSopTemplate({
 *   id: 'welcome',
 *   items: [{ id: 'hello', time: { kind: 'relativeDay', day: 0, at: '20:00' }, channel: 'groupMessage', content: { text: 'Welcome!' } }],
 * });
 * [t.items[0]?.windowMinutes, t.quietHours]; // → [60, { start: '22:00', end: '08:00' }]
 * parseSopTemplate({ id: 'x', items: [] }); // throws: siyu: items: a template needs at least one item
 * ```
 */
export function parseSopTemplate(input: unknown): SopTemplate {
  const template = parseWith(SopTemplateSchema, input);
  const issues = templateIssues(template);
  if (issues.length > 0) throw new SiyuError('invalid_config', issues);
  return template;
}
