import { hookPointAborts, type HookPoint } from './hook-points.js';
import type { HookProcessResult, HookRunner } from './hook-runner.js';
import { expandArgv, type HookValues } from './hook-values.js';
import type { HookSpec } from './hooks-config.js';

/** One hook run, ready to be recorded as a recovery step. */
export interface HookResult extends HookProcessResult {
  /** The step name, e.g. "hook:preFailover:1 /usr/local/bin/notify". */
  readonly step: string;
  readonly point: HookPoint;
  /** 1-based position of the hook in its point's list. */
  readonly index: number;
  /** The hook as configured, for display. */
  readonly hook: string;
  readonly ok: boolean;
}

/** The outcome of all hooks of one point. */
export interface HookPointResult {
  readonly point: HookPoint;
  readonly results: readonly HookResult[];
  /** True when every hook ran and succeeded. */
  readonly ok: boolean;
  /** True when the operation must not go on: a hook of an aborting point failed, or the run was aborted there. */
  readonly abort: boolean;
  /** Why not ok (each failing hook, or the abort), else null. */
  readonly reason: string | null;
  /** Hooks not run because an earlier one aborted the point or the signal fired. */
  readonly skipped: number;
}

/** The recorded step name of a hook: point, 1-based position and program. */
export function hookStepName(point: HookPoint, index: number, hook: HookSpec): string {
  return `hook:${point}:${index} ${hook.kind === 'argv' ? hook.argv[0] : 'bash -c'}`;
}

/** The process a hook runs: its argv with placeholders expanded per element, or `bash -c <script> orc-hook`. */
export function hookArgv(hook: HookSpec, values: HookValues): string[] {
  return hook.kind === 'argv' ? expandArgv(hook.argv, values) : ['bash', '-c', hook.script, 'orc-hook'];
}

function describeFailure(r: HookResult, timeoutMs: number): string {
  if (r.aborted) return `${r.step} was aborted`;
  if (r.timedOut) return `${r.step} timed out after ${timeoutMs} ms`;
  if (r.error !== null) return `${r.step} could not run: ${r.error}`;
  if (r.signal !== null) return `${r.step} was killed by ${r.signal}`;
  return `${r.step} exited with code ${r.exitCode}`;
}

/**
 * Runs a point's hooks in order with the ORC_* values; at an aborting point (detection, pre-takeover,
 * pre-failover) the first failure stops the list and sets `abort`, at post points every hook runs and failures
 * are only reported. Never throws; the signal stops the list (the running hook is killed by the runner).
 */
export async function runHooks(
  point: HookPoint,
  hooks: readonly HookSpec[],
  values: HookValues,
  runner: HookRunner,
  signal: AbortSignal,
): Promise<HookPointResult> {
  const aborts = hookPointAborts(point);
  const results: HookResult[] = [];
  const failures: string[] = [];
  const end = (abort: boolean, extra?: string): HookPointResult => {
    const reasons = extra === undefined ? failures : [...failures, extra];
    return Object.freeze({
      point,
      results,
      ok: reasons.length === 0,
      abort,
      reason: reasons.length === 0 ? null : reasons.join('; '),
      skipped: hooks.length - results.length,
    });
  };

  for (const [i, hook] of hooks.entries()) {
    const step = hookStepName(point, i + 1, hook);
    if (signal.aborted) return end(aborts, `aborted before ${step}`);
    let outcome: HookProcessResult;
    try {
      outcome = await runner.run({ argv: hookArgv(hook, values), env: values.env, timeoutMs: hook.timeoutMs }, signal);
    } catch (err) {
      outcome = { exitCode: null, signal: null, durationMs: 0, timedOut: false, aborted: false, stdoutTail: '', stderrTail: '', error: (err as Error).message ?? String(err) };
    }
    const ok = outcome.exitCode === 0 && !outcome.timedOut && !outcome.aborted && outcome.error === null;
    const result: HookResult = Object.freeze({ ...outcome, step, point, index: i + 1, hook: hook.display, ok });
    results.push(result);
    if (ok) continue;
    failures.push(describeFailure(result, hook.timeoutMs));
    if (aborts || outcome.aborted) return end(aborts);
  }
  return end(false);
}
