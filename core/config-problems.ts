import type { z } from 'zod';

/** One thing wrong in a config: where (a key path, or a line and column) and what. */
export interface ConfigProblem {
  readonly where: string;
  readonly message: string;
}

/** Every problem zod found, each at its key path ("discovery.pollIntervalMs"), in the order zod reports them. */
export function schemaProblems(issues: readonly z.core.$ZodIssue[]): ConfigProblem[] {
  return issues.map((issue) => ({
    where: issue.path.length > 0 ? issue.path.map(String).join('.') : '(top level)',
    message: issue.code === 'unrecognized_keys' ? `unknown key ${issue.keys.map((k) => `"${k}"`).join(', ')}` : issue.message,
  }));
}

/** Where JSON.parse stopped in text, as a line and column (1-based), with its complaint and no position noise. */
export function jsonSyntaxProblem(text: string, err: unknown): ConfigProblem {
  const raw = err instanceof Error ? err.message : String(err);
  const at = /at position (\d+)/.exec(raw);
  const offset = at ? Math.min(Number(at[1]), text.length) : text.length;
  const before = text.slice(0, offset).split('\n');
  const line = before.length;
  const column = before[before.length - 1]!.length + 1;
  const message = raw
    .replace(/ \(line \d+ column \d+\)/, '')
    .replace(/ in JSON at position \d+| at position \d+/, '')
    .replace(/, "[\s\S]*" is not valid JSON$/, '');
  return { where: `line ${line}, column ${column}`, message };
}

/** The problems as one line: "where: what; where: what". */
export function problemsLine(problems: readonly ConfigProblem[]): string {
  return problems.map((p) => `${p.where}: ${p.message}`).join('; ');
}
