/** Shared helpers of the points tests. */
import { atLocalTime, type ActivityEvent } from 'siyu/core';
import type { PointsCommandResult, PointsCommandSuccess, PointsState } from 'siyu/points';
import { expect } from 'vitest';

/** The zones every worked example runs in. */
export const ZONES = ['Asia/Shanghai', 'America/New_York'] as const;

/** A local wall-clock time in a zone, as an instant: `local(zone, '2025-01-01', '10:00')`. */
export function local(zone: string, date: string, time = '00:00'): number {
  return atLocalTime(date, time, zone);
}

/** Asserts a command succeeded and returns it. */
export function ok(result: PointsCommandResult): PointsCommandSuccess {
  if (!result.ok) throw new Error(`expected ok, got ${result.reason}: ${result.message}`);
  return result;
}

/** Asserts a command was rejected with `reason`. */
export function rejected(result: PointsCommandResult, reason: string): void {
  expect(result.ok).toBe(false);
  if (!result.ok) expect(result.reason).toBe(reason);
}

/** An event. */
export function ev(id: string, type: string, at: number, extra: Partial<ActivityEvent> = {}, userId = 'u1'): ActivityEvent {
  return { id, userId, type, at, ...extra };
}

/** Σ remaining of lots (debt included). */
export function held(state: PointsState): number {
  return state.lots.reduce((s, l) => s + l.remaining, 0);
}
