import { describe, expect, it } from 'vitest';
import { closingLine, runCounts, scenarioTable, type ScenarioOutcome } from '../../support/run-summary.js';

const outcome = (scenario: string, result: ScenarioOutcome['result'], durationMs: number, passed: number, failed = 0, skipped = 0): ScenarioOutcome => ({
  scenario,
  result,
  durationMs,
  passed,
  failed,
  skipped,
});

describe('run summary', () => {
  it('adds up tests, counting a file that failed outside any test and each unhandled error as one failure', () => {
    const counts = runCounts(
      [outcome('a.test.ts', 'passed', 10, 3, 0, 1), outcome('b.test.ts', 'failed', 20, 1, 2), outcome('c.test.ts', 'failed', 5, 0)],
      1,
    );
    expect(counts).toEqual({ passed: 4, failed: 4, skipped: 1 });
    expect(closingLine(counts)).toBe('4 passed, 4 failed, 1 skipped');
  });

  it('tables scenarios failures first, then slowest first, with aligned columns', () => {
    const table = scenarioTable([
      outcome('test/system/fast.test.ts', 'passed', 1_200, 2),
      outcome('test/system/slow.test.ts', 'passed', 65_000, 1),
      outcome('test/system/broken.test.ts', 'failed', 3_000, 1, 1),
    ]).split('\n');
    expect(table).toEqual([
      'scenario                    result  duration  tests',
      '--------------------------  ------  --------  ------------------',
      'test/system/broken.test.ts  failed     3.0 s  1 passed, 1 failed',
      'test/system/slow.test.ts    passed    65.0 s  1 passed',
      'test/system/fast.test.ts    passed     1.2 s  2 passed',
    ]);
  });
});
