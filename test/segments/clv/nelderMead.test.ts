import { describe, expect, it } from 'vitest';
import { minimizeNelderMead, parseNelderMeadOptions } from 'siyu/segments';

const rosenbrock = ([x = 0, y = 0]: readonly number[]): number => (1 - x) ** 2 + 100 * (y - x * x) ** 2;

describe('minimizeNelderMead', () => {
  it('finds the minimum of Rosenbrock’s valley and of a shifted 5-d quadratic', () => {
    const r = minimizeNelderMead(rosenbrock, [-1.2, 1], { functionTolerance: 1e-14, pointTolerance: 1e-9 });
    expect(r.converged).toBe(true);
    expect(r.point[0]).toBeCloseTo(1, 6);
    expect(r.point[1]).toBeCloseTo(1, 6);
    expect(r.evaluations).toBeGreaterThan(r.iterations);
    const target = [1, -2, 3, -4, 5];
    const q = minimizeNelderMead((p) => p.reduce((s, v, i) => s + (i + 1) * (v - (target[i] as number)) ** 2, 0), [0, 0, 0, 0, 0], {
      functionTolerance: 1e-16,
      pointTolerance: 1e-8,
      maxIterations: 20_000,
    });
    expect(q.converged).toBe(true);
    q.point.forEach((v, i) => expect(v).toBeCloseTo(target[i] as number, 5));
  });

  it('is deterministic', () => {
    expect(minimizeNelderMead(rosenbrock, [-1.2, 1])).toEqual(minimizeNelderMead(rosenbrock, [-1.2, 1]));
  });

  it('stops at maxIterations and says it did not converge', () => {
    const r = minimizeNelderMead(rosenbrock, [-1.2, 1], { maxIterations: 10 });
    expect(r).toMatchObject({ converged: false, iterations: 10 });
  });

  it('clamps coordinates into [−bound, bound] and treats non-finite values as +∞', () => {
    const r = minimizeNelderMead(([x = 0]) => -x, [0], { bound: 3 });
    expect(r.point[0]).toBe(3);
    expect(r.converged).toBe(true);
    const nan = minimizeNelderMead(([x = 0]) => (x < 0 ? Number.NaN : (x - 2) ** 2), [1]);
    expect(nan.point[0]).toBeCloseTo(2, 4);
  });

  it('rejects a bad start and bad options with SiyuError', () => {
    expect(() => minimizeNelderMead(rosenbrock, [])).toThrow('siyu: start: needs at least one coordinate');
    expect(() => minimizeNelderMead(rosenbrock, [1, Number.NaN])).toThrow('siyu: start[1]: must be a finite number');
    expect(() => minimizeNelderMead(rosenbrock, [1, 1], { maxIterations: 1.5 })).toThrow('siyu: maxIterations:');
    expect(() => parseNelderMeadOptions({ pointTolerance: -1 })).toThrow('siyu: pointTolerance:');
    expect(() => parseNelderMeadOptions({ bound: Number.NaN })).toThrow('siyu: bound:');
    expect(() => parseNelderMeadOptions({ step: 1 })).toThrow('siyu: step: unknown key');
    expect(() => parseNelderMeadOptions(JSON.parse('{"__proto__":{"x":1}}'))).toThrow('siyu: __proto__: forbidden key');
  });
});
