import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildHookValues, type HookContext } from '../../../core/hooks/hook-values.js';
import { hooksSchema } from '../../../core/hooks/hooks-config.js';
import { runHooks } from '../../../core/hooks/run-hooks.js';
import { makeHookDir, readNulList, testRunner, writeArgvRecorder, writeScript } from './hook-test-kit.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});
function tempDir(): string {
  const { dir, cleanup } = makeHookDir();
  cleanups.push(cleanup);
  return dir;
}
const never = new AbortController().signal;

function contextWith(failedHost: string, failureDescription = 'primary unreachable'): HookContext {
  return {
    failureType: 'DeadMaster',
    instanceType: 'master',
    isPrimary: true,
    isCoPrimary: false,
    failureDescription,
    failedHost,
    failedPort: 3306,
    failureCluster: 'c1',
    countReplicas: 2,
    isDowntimed: false,
    autoPrimaryRecovery: true,
    autoIntermediatePrimaryRecovery: true,
    orcHost: 'orc-a',
    recoveryUID: 'uid-1',
    isSuccessful: false,
    lostReplicas: [],
    replicaHosts: [{ host: 'r1', port: 3306 }],
  };
}

describe('runHooks with real processes', () => {
  it('delivers hostile values as single inert arguments: no shell ever runs them', async () => {
    const dir = tempDir();
    const recorder = writeArgvRecorder(dir);
    const hostile = `a;touch ${dir}/pwned-semicolon $(touch ${dir}/pwned-subst) \`touch ${dir}/pwned-backtick\` && touch ${dir}/pwned-and | x > ${dir}/pwned-redirect "' $& $1 *`;
    const description = `two  spaces\nnewline 'single' "double" \\backslash`;
    const hooks = hooksSchema.parse({
      PreFailoverProcesses: [`${recorder} {failedHost} --desc={failureDescription} '{failedHost}:{failedPort}' {countReplicas}`],
    });
    const result = await runHooks('preFailover', hooks.preFailover, buildHookValues(contextWith(hostile, description)), testRunner(), never);

    expect(result).toMatchObject({ ok: true, abort: false, reason: null, skipped: 0 });
    expect(readNulList(join(dir, 'argv.bin'))).toEqual([hostile, `--desc=${description}`, `${hostile}:3306`, '2']);
    expect(readdirSync(dir).filter((f) => f.startsWith('pwned'))).toEqual([]);
  });

  it('hands the same hostile value to an argv hook unchanged', async () => {
    const dir = tempDir();
    const recorder = writeArgvRecorder(dir);
    const hostile = `$(touch ${dir}/pwned) \`touch ${dir}/pwned2\`;touch ${dir}/pwned3`;
    const hooks = hooksSchema.parse({ postFailover: [{ argv: [recorder, '{failedHost}', 'x{failedPort}y'] }] });
    const result = await runHooks('postFailover', hooks.postFailover, buildHookValues(contextWith(hostile)), testRunner(), never);
    expect(result.ok).toBe(true);
    expect(readNulList(join(dir, 'argv.bin'))).toEqual([hostile, 'x3306y']);
    expect(readdirSync(dir).filter((f) => f.startsWith('pwned'))).toEqual([]);
  });

  it('gives an opted-in shell hook its values only through ORC_* variables', async () => {
    const dir = tempDir();
    const hostile = `$(touch ${dir}/pwned); touch ${dir}/pwned2`;
    const out = join(dir, 'shell-out.bin');
    const hooks = hooksSchema.parse({
      postFailover: [{ shell: `printf '%s\\0' "$ORC_FAILED_HOST" "$ORC_FAILED_PORT" "$ORC_IS_MASTER" "$0" "$#" > '${out}'` }],
    });
    const result = await runHooks('postFailover', hooks.postFailover, buildHookValues(contextWith(hostile)), testRunner(), never);
    expect(result.results[0]).toMatchObject({ ok: true, exitCode: 0, step: 'hook:postFailover:1 bash -c' });
    expect(readNulList(out)).toEqual([hostile, '3306', 'true', 'orc-hook', '0']);
    expect(readdirSync(dir).filter((f) => f.startsWith('pwned'))).toEqual([]);
  });

  it('stops a pre-failover list at the first failing hook and says abort, with the reason', async () => {
    const dir = tempDir();
    const first = writeScript(dir, 'first.sh', `touch "${dir}/first-ran"`);
    const veto = writeScript(dir, 'veto.sh', 'echo "replica lag too high" >&2; exit 2');
    const third = writeScript(dir, 'third.sh', `touch "${dir}/third-ran"`);
    const hooks = hooksSchema.parse({ preFailover: [first, `${veto} {failedHost}`, third] });
    const result = await runHooks('preFailover', hooks.preFailover, buildHookValues(contextWith('db1')), testRunner(), never);

    expect(result).toMatchObject({ point: 'preFailover', ok: false, abort: true, skipped: 1 });
    expect(result.reason).toBe(`hook:preFailover:2 ${veto} exited with code 2`);
    expect(result.results.map((r) => [r.step, r.ok, r.exitCode])).toEqual([
      [`hook:preFailover:1 ${first}`, true, 0],
      [`hook:preFailover:2 ${veto}`, false, 2],
    ]);
    expect(result.results[1]).toMatchObject({ index: 2, hook: `${veto} {failedHost}`, stderrTail: 'replica lag too high\n' });
    expect(existsSync(join(dir, 'first-ran'))).toBe(true);
    expect(existsSync(join(dir, 'third-ran'))).toBe(false);
  });

  it('aborts a detection hook list on timeout too', async () => {
    const dir = tempDir();
    const hang = writeScript(dir, 'hang.sh', 'exec sleep 300');
    const hooks = hooksSchema.parse({ OnFailureDetectionProcesses: [{ argv: [hang], timeoutMs: 300 }, '/bin/true'] });
    const result = await runHooks('onFailureDetection', hooks.onFailureDetection, buildHookValues(contextWith('db1')), testRunner(), never);
    expect(result).toMatchObject({ abort: true, skipped: 1, reason: `hook:onFailureDetection:1 ${hang} timed out after 300 ms` });
    expect(result.results[0]).toMatchObject({ timedOut: true, ok: false });
  });

  it('runs every post-failover hook even when some fail, and reports the failures', async () => {
    const dir = tempDir();
    const fail = writeScript(dir, 'fail.sh', 'exit 7');
    const last = writeScript(dir, 'last.sh', `touch "${dir}/last-ran"`);
    const hooks = hooksSchema.parse({ PostMasterFailoverProcesses: [fail, '/nonexistent/notify {failedHost}', last] });
    const result = await runHooks('postPrimaryFailover', hooks.postPrimaryFailover, buildHookValues(contextWith('db1')), testRunner(), never);

    expect(result).toMatchObject({ ok: false, abort: false, skipped: 0 });
    expect(result.results.map((r) => r.ok)).toEqual([false, false, true]);
    expect(result.reason).toContain(`hook:postPrimaryFailover:1 ${fail} exited with code 7`);
    expect(result.reason).toContain('hook:postPrimaryFailover:2 /nonexistent/notify could not run: cannot start /nonexistent/notify: spawn /nonexistent/notify ENOENT');
    expect(readFileSync(join(dir, 'last-ran'), 'utf8')).toBe('');
  });

  it('stops at an aborted signal before the next hook', async () => {
    const dir = tempDir();
    const marker = join(dir, 'ran');
    const hooks = hooksSchema.parse({ preFailover: [writeScript(dir, 'touch.sh', `touch "${marker}"`)], postFailover: [writeScript(dir, 'touch2.sh', `touch "${marker}"`)] });
    const controller = new AbortController();
    controller.abort();
    const pre = await runHooks('preFailover', hooks.preFailover, buildHookValues(contextWith('db1')), testRunner(), controller.signal);
    const post = await runHooks('postFailover', hooks.postFailover, buildHookValues(contextWith('db1')), testRunner(), controller.signal);
    expect(pre).toMatchObject({ abort: true, ok: false, skipped: 1, results: [] });
    expect(pre.reason).toContain('aborted before hook:preFailover:1');
    expect(post).toMatchObject({ abort: false, ok: false, skipped: 1 });
    expect(existsSync(marker)).toBe(false);
  });
});
