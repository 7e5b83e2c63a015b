import { existsSync, readFileSync } from 'node:fs';
import { until } from './service-harness.js';

/** Resolves with the first line of a log file matching pattern, polling the file; fails after the bound. */
export function awaitLogLine(path: string, pattern: RegExp, timeoutMs: number): Promise<string> {
  return until(
    `a line matching ${pattern} in ${path}`,
    async () => (existsSync(path) ? readFileSync(path, 'utf8').split('\n').find((line) => pattern.test(line)) : undefined),
    timeoutMs,
    50,
  );
}
