import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { hookBaseEnv } from '../../../core/hooks/spawn-hook-runner.js';
import { makeHookDir, processGone, readNulList, readPidFile, testRunner, waitFor, writeArgvRecorder, writeScript } from './hook-test-kit.js';

const cleanups: (() => void)[] = [];
const strays: number[] = [];
afterEach(() => {
  for (const pid of strays.splice(0)) {
    if (processGone(pid)) continue;
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  for (const c of cleanups.splice(0)) c();
});
function tempDir(): string {
  const { dir, cleanup } = makeHookDir();
  cleanups.push(cleanup);
  return dir;
}
const never = new AbortController().signal;

describe('SpawnHookRunner', () => {
  it('passes argv byte-for-byte and only PATH, HOME, LANG plus the given variables', async () => {
    const dir = tempDir();
    const recorder = writeArgvRecorder(dir);
    const weird = ['', ' spaced  out ', "it's \"quoted\"", '$(touch x)', 'tab\there', 'new\nline', 'ünï'];
    const runner = testRunner({ baseEnv: hookBaseEnv({ ...process.env, ORC_TOPOLOGY_PASSWORD: 's3cret', HOME: '/home/x', LANG: 'C.UTF-8' }) });
    const r = await runner.run({ argv: [recorder, ...weird], env: { ORC_FAILED_HOST: 'db1' }, timeoutMs: 5000 }, never);
    expect(r).toMatchObject({ exitCode: 0, signal: null, timedOut: false, aborted: false, error: null });
    expect(readNulList(join(dir, 'argv.bin'))).toEqual(weird);
    const env = Object.fromEntries(readNulList(join(dir, 'env.bin')).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
    // bash itself adds PWD, SHLVL and _; nothing of orc's environment beyond PATH, HOME and LANG arrives.
    expect(Object.keys(env).filter((k) => !['PWD', 'SHLVL', '_', 'OLDPWD'].includes(k)).sort()).toEqual(['HOME', 'LANG', 'ORC_FAILED_HOST', 'PATH']);
    expect(env).toMatchObject({ HOME: '/home/x', LANG: 'C.UTF-8', ORC_FAILED_HOST: 'db1', PATH: process.env.PATH });
    expect(JSON.stringify(env)).not.toContain('s3cret');
  });

  it('reports exit codes and output without throwing', async () => {
    const dir = tempDir();
    const script = writeScript(dir, 'fail.sh', 'echo to-out; echo to-err >&2; exit 3');
    const r = await testRunner().run({ argv: [script], env: {}, timeoutMs: 5000 }, never);
    expect(r).toMatchObject({ exitCode: 3, signal: null, timedOut: false, stdoutTail: 'to-out\n', stderrTail: 'to-err\n', error: null });
    expect(r.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('resolves argv[0] on PATH and reports a missing program as an error result', async () => {
    const ok = await testRunner().run({ argv: ['true'], env: {}, timeoutMs: 5000 }, never);
    expect(ok.exitCode).toBe(0);
    const missing = await testRunner().run({ argv: ['/nonexistent/orc-hook'], env: {}, timeoutMs: 5000 }, never);
    expect(missing).toMatchObject({ exitCode: null, error: expect.stringContaining('ENOENT') });
    const nul = await testRunner().run({ argv: ['true', 'a\0b'], env: {}, timeoutMs: 5000 }, never);
    expect(nul.error).toContain('cannot start true');
  });

  it('keeps only the tail of large output, with a marker', async () => {
    const dir = tempDir();
    const script = writeScript(dir, 'loud.sh', 'for i in $(seq 1 20000); do echo "line $i"; done; echo last-line');
    const r = await testRunner({ maxOutputBytes: 1024 }).run({ argv: [script], env: {}, timeoutMs: 10_000 }, never);
    expect(r.exitCode).toBe(0);
    expect(r.stdoutTail).toMatch(/^\[… \d+ earlier bytes truncated\]\n/);
    expect(r.stdoutTail.endsWith('line 20000\nlast-line\n')).toBe(true);
    expect(Buffer.byteLength(r.stdoutTail.slice(r.stdoutTail.indexOf('\n') + 1))).toBe(1024);
  });

  it('on timeout kills the whole process group, including children the hook started', async () => {
    const dir = tempDir();
    const script = writeScript(dir, 'hang.sh', `sleep 300 &\necho $! > "${dir}/child.pid"\necho $$ > "${dir}/main.pid"\nwait`);
    const started = Date.now();
    const r = await testRunner().run({ argv: [script], env: {}, timeoutMs: 700 }, never);
    const main = await readPidFile(join(dir, 'main.pid'));
    const child = await readPidFile(join(dir, 'child.pid'));
    strays.push(main, child);
    expect(r).toMatchObject({ timedOut: true, aborted: false, exitCode: null, signal: 'SIGTERM' });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(await waitFor(() => processGone(main) && processGone(child), 2000)).toBe(true);
  });

  it('escalates to SIGKILL when the hook and its children ignore SIGTERM', async () => {
    const dir = tempDir();
    const script = writeScript(dir, 'stubborn.sh', `trap '' TERM\nsleep 300 &\necho $! > "${dir}/child.pid"\necho $$ > "${dir}/main.pid"\nwhile true; do wait; done`);
    const r = await testRunner({ killGraceMs: 300 }).run({ argv: [script], env: {}, timeoutMs: 500 }, never);
    const main = await readPidFile(join(dir, 'main.pid'));
    const child = await readPidFile(join(dir, 'child.pid'));
    strays.push(main, child);
    expect(r).toMatchObject({ timedOut: true, signal: 'SIGKILL', exitCode: null });
    expect(await waitFor(() => processGone(main) && processGone(child), 2000)).toBe(true);
  });

  it('stops a running hook group when the signal aborts, and does not start one after', async () => {
    const dir = tempDir();
    const script = writeScript(dir, 'slow.sh', `sleep 300 &\necho $! > "${dir}/child.pid"\nwait`);
    const controller = new AbortController();
    const running = testRunner().run({ argv: [script], env: {}, timeoutMs: 30_000 }, controller.signal);
    const child = await readPidFile(join(dir, 'child.pid'));
    strays.push(child);
    controller.abort();
    expect(await running).toMatchObject({ aborted: true, timedOut: false, exitCode: null });
    expect(await waitFor(() => processGone(child), 2000)).toBe(true);

    const marker = join(dir, 'ran');
    const late = writeScript(dir, 'late.sh', `touch "${marker}"`);
    expect(await testRunner().run({ argv: [late], env: {}, timeoutMs: 5000 }, controller.signal)).toMatchObject({ aborted: true, exitCode: null });
    expect(existsSync(marker)).toBe(false);
  });

  it('does not wait for a background child the hook left behind holding its output', async () => {
    const dir = tempDir();
    const script = writeScript(dir, 'daemonize.sh', `sleep 300 &\necho $! > "${dir}/child.pid"\necho started`);
    const started = Date.now();
    const r = await testRunner().run({ argv: [script], env: {}, timeoutMs: 10_000 }, never);
    strays.push(await readPidFile(join(dir, 'child.pid')));
    expect(r).toMatchObject({ exitCode: 0, timedOut: false, stdoutTail: 'started\n' });
    expect(Date.now() - started).toBeLessThan(3000);
  });
});
