import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hookBaseEnv, SpawnHookRunner, type SpawnHookRunnerOptions } from '../../../core/hooks/spawn-hook-runner.js';

/** A temp directory for one test's hook scripts and their output files. */
export function makeHookDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'orc-hooks-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Writes an executable bash script and returns its path. */
export function writeScript(dir: string, name: string, body: string): string {
  const path = join(dir, name);
  writeFileSync(path, `#!/usr/bin/env bash\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

/** A script that records its argv NUL-separated (byte-exact) in argv.bin next to itself, and its env in env.bin. */
export function writeArgvRecorder(dir: string): string {
  return writeScript(dir, 'record-argv.sh', 'here="$(dirname "$0")"\nprintf \'%s\\0\' "$@" > "$here/argv.bin"\nenv -0 > "$here/env.bin"');
}

/** Reads a NUL-separated file written by printf '%s\0' or env -0. */
export function readNulList(path: string): string[] {
  const text = readFileSync(path, 'utf8');
  return text === '' ? [] : text.slice(0, -1).split('\0');
}

/** A runner with the test process's PATH/HOME/LANG and short kill grace for fast tests. */
export function testRunner(options: Partial<SpawnHookRunnerOptions> = {}): SpawnHookRunner {
  return new SpawnHookRunner({ baseEnv: hookBaseEnv(process.env), killGraceMs: 300, ...options });
}

/** True when the pid no longer runs: no such process, or a zombie nobody reaped yet (PID 1 here may not reap). */
export function processGone(pid: number): boolean {
  if (!existsSync(`/proc/${pid}/stat`)) return true;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true;
  }
}

/** Polls a condition every 20 ms until it holds or the bound passes; returns whether it held. */
export async function waitFor(condition: () => boolean, boundMs = 3000): Promise<boolean> {
  const deadline = Date.now() + boundMs;
  while (Date.now() < deadline) {
    if (condition()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return condition();
}

/** Reads a pid file written by a hook script once it exists. */
export async function readPidFile(path: string, boundMs = 3000): Promise<number> {
  if (!(await waitFor(() => existsSync(path) && readFileSync(path, 'utf8').trim() !== '', boundMs))) {
    throw new Error(`pid file ${path} never appeared`);
  }
  return Number(readFileSync(path, 'utf8').trim());
}
