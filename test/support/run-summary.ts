/** How one test file (a scenario of the system suite) ended, with its wall-clock duration and test counts. */
export interface ScenarioOutcome {
  readonly scenario: string;
  readonly result: 'passed' | 'failed' | 'skipped';
  readonly durationMs: number;
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
}

/** Test counts of a whole run. */
export interface RunCounts {
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
}

/**
 * Adds up the scenarios' counts; a file that failed outside any test (an import error, a failing beforeAll) and
 * every unhandled error count as one failure each, so a run that broke never closes with "0 failed".
 */
export function runCounts(outcomes: readonly ScenarioOutcome[], unhandledErrors: number): RunCounts {
  let passed = 0;
  let failed = unhandledErrors;
  let skipped = 0;
  for (const o of outcomes) {
    passed += o.passed;
    skipped += o.skipped;
    failed += o.result === 'failed' && o.failed === 0 ? 1 : o.failed;
  }
  return { passed, failed, skipped };
}

/** The plain closing line of a run: `N passed, N failed, N skipped`. */
export function closingLine(counts: RunCounts): string {
  return `${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`;
}

/** A fixed-width table of scenarios (scenario, result, duration, tests), slowest first, failures on top. */
export function scenarioTable(outcomes: readonly ScenarioOutcome[]): string {
  const rank = { failed: 0, passed: 1, skipped: 2 } as const;
  const rows = [...outcomes]
    .sort((a, b) => rank[a.result] - rank[b.result] || b.durationMs - a.durationMs || a.scenario.localeCompare(b.scenario))
    .map((o) => [o.scenario, o.result, `${(o.durationMs / 1000).toFixed(1)} s`, testsCell(o)]);
  const header = ['scenario', 'result', 'duration', 'tests'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (i === 2 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

function testsCell(o: ScenarioOutcome): string {
  const parts = [`${o.passed} passed`];
  if (o.failed > 0) parts.push(`${o.failed} failed`);
  if (o.skipped > 0) parts.push(`${o.skipped} skipped`);
  return parts.join(', ');
}
