import { describe, expect, it } from 'vitest';
import type { HookProcessResult, HookRunner, HookRunRequest } from '../../../core/hooks/hook-runner.js';
import { buildHookValues, type HookContext } from '../../../core/hooks/hook-values.js';
import { hooksSchema } from '../../../core/hooks/hooks-config.js';
import { hookArgv, hookStepName, runHooks } from '../../../core/hooks/run-hooks.js';

const ctx: HookContext = {
  failureType: 'DeadMaster', instanceType: 'master', isPrimary: true, isCoPrimary: false, failureDescription: 'd',
  failedHost: 'db1', failedPort: 3306, failureCluster: 'c1', countReplicas: 1, isDowntimed: false,
  autoPrimaryRecovery: true, autoIntermediatePrimaryRecovery: true, orcHost: 'orc', recoveryUID: 'u',
  isSuccessful: false, lostReplicas: [], replicaHosts: [],
};
const values = buildHookValues(ctx);
const never = new AbortController().signal;

/** A runner that records requests and answers from a script of outcomes (a fake of the port, not a mock). */
class ScriptedRunner implements HookRunner {
  readonly requests: HookRunRequest[] = [];
  constructor(private readonly outcomes: (Partial<HookProcessResult> | Error)[]) {}
  async run(request: HookRunRequest): Promise<HookProcessResult> {
    this.requests.push(request);
    const next = this.outcomes.shift() ?? {};
    if (next instanceof Error) throw next;
    return { exitCode: 0, signal: null, durationMs: 1, timedOut: false, aborted: false, stdoutTail: '', stderrTail: '', error: null, ...next };
  }
}

describe('runHooks', () => {
  const hooks = hooksSchema.parse({
    postFailover: ['/bin/notify {failedHost}', { shell: 'echo "$ORC_FAILED_HOST"', timeoutMs: 50 }, '/bin/last'],
  }).postFailover;

  it('builds the process of each hook: expanded argv, or bash -c with the fixed script', () => {
    expect(hookArgv(hooks[0]!, values)).toEqual(['/bin/notify', 'db1']);
    expect(hookArgv(hooks[1]!, values)).toEqual(['bash', '-c', 'echo "$ORC_FAILED_HOST"', 'orc-hook']);
    expect(hookStepName('preFailover', 1, hooks[0]!)).toBe('hook:preFailover:1 /bin/notify');
  });

  it('passes the ORC_* values and each timeout to the runner', async () => {
    const runner = new ScriptedRunner([]);
    const result = await runHooks('postFailover', hooks, values, runner, never);
    expect(result).toMatchObject({ ok: true, abort: false, reason: null, skipped: 0 });
    expect(runner.requests.map((r) => r.timeoutMs)).toEqual([30_000, 50, 30_000]);
    expect(runner.requests[0]!.env).toBe(values.env);
  });

  it('never throws when a runner does; the failure is a result', async () => {
    const runner = new ScriptedRunner([new Error('runner broke'), { exitCode: null, signal: 'SIGKILL' }]);
    const result = await runHooks('postFailover', hooks, values, runner, never);
    expect(result.results.map((r) => r.ok)).toEqual([false, false, true]);
    expect(result.reason).toBe('hook:postFailover:1 /bin/notify could not run: runner broke; hook:postFailover:2 bash -c was killed by SIGKILL');
    expect(result.abort).toBe(false);
  });

  it('stops a post point when the running hook was aborted, without marking abort', async () => {
    const runner = new ScriptedRunner([{ exitCode: null, aborted: true }]);
    const result = await runHooks('postFailover', hooks, values, runner, never);
    expect(result).toMatchObject({ ok: false, abort: false, skipped: 2, reason: 'hook:postFailover:1 /bin/notify was aborted' });
  });
});
