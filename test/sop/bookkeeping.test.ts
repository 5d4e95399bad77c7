import { describe, expect, it } from 'vitest';
import { createSopProgress, digestSopTasks, expandSop, findClosingSopTasks, markSopTaskDone, type SopTask } from 'siyu/sop';
import { createOpeningCeremonySop } from 'siyu/sop';

const out = expandSop(createOpeningCeremonySop(), { targetId: 'g1', anchor: '2026-03-02T10:00:00+08:00', owner: 'lin', variables: { groupName: '福利1群' } }, {
  from: '2026-03-02T00:00:00+08:00',
  to: '2026-03-09T00:00:00+08:00',
});
const tasks: readonly SopTask[] = out.ok ? out.tasks : [];

describe('execution bookkeeping', () => {
  it('marks done on time or late against the window, idempotently, without mutating', () => {
    const welcome = tasks[0] as SopTask;
    const progress = createSopProgress();
    const onTime = markSopTaskDone(progress, welcome, welcome.due + 60_000);
    expect(onTime.completion).toEqual({ taskId: welcome.id, at: welcome.due + 60_000, status: 'onTime', lateByMinutes: 0 });
    expect(progress).toEqual({ done: {} });
    const again = markSopTaskDone(onTime.progress, welcome, welcome.windowEnd + 1);
    expect(again).toEqual({ progress: onTime.progress, completion: onTime.completion, duplicate: true });
    const late = markSopTaskDone(progress, welcome, welcome.windowEnd);
    expect(late.completion.status).toBe('late');
    expect(late.completion.lateByMinutes).toBe(1);
    expect(JSON.parse(JSON.stringify(onTime.progress))).toEqual(onTime.progress);
  });

  it('daily digest per assignee lists today’s open tasks', () => {
    const first = tasks[0] as SopTask;
    const { progress } = markSopTaskDone(createSopProgress(), first, first.due);
    const digest = digestSopTasks(tasks, progress, { asOf: '2026-03-02T07:00:00+08:00' });
    expect(digest.map((d) => [d.assignee, d.date, d.tasks.map((t) => t.itemId)])).toEqual([['lin', '2026-03-02', ['offer', 'rules', 'closingActivity']]]);
    expect(digestSopTasks(tasks, progress, { asOf: '2026-03-06T07:00:00+08:00' })).toEqual([]);
    const two = [...tasks, { ...first, id: 'x', assignee: 'amy' }, { ...first, id: 'y', assignee: 'amy', due: first.due - 1 }];
    expect(digestSopTasks(two, createSopProgress(), { asOf: first.due, timeZone: 'Asia/Shanghai' }).map((d) => [d.assignee, d.tasks.map((t) => t.id)])).toEqual([
      ['amy', ['y', 'x']],
      ['lin', tasks.slice(0, 4).map((t) => t.id)],
    ]);
  });

  it('closing-soon notices N minutes before the window ends', () => {
    const welcome = tasks[0] as SopTask;
    const asOf = welcome.windowEnd - 10 * 60_000;
    const notices = findClosingSopTasks(tasks, createSopProgress(), { asOf, withinMinutes: 15 });
    expect(notices[0]).toEqual({ taskId: welcome.id, assignee: 'lin', windowEnd: welcome.windowEnd, minutesLeft: 10 });
    expect(findClosingSopTasks(tasks, createSopProgress(), { asOf, withinMinutes: 5 })).toEqual([]);
    const { progress } = markSopTaskDone(createSopProgress(), welcome, asOf);
    expect(findClosingSopTasks(tasks, progress, { asOf, withinMinutes: 15 }).map((n) => n.taskId)).not.toContain(welcome.id);
    expect(findClosingSopTasks(tasks, createSopProgress(), { asOf: welcome.due - 1, withinMinutes: 120 })).toEqual([]);
  });
});
