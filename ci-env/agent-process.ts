import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { labError } from './lab-error.js';
import type { AgentPaths } from './lab-paths.js';
import { pollUntil } from './poll-until.js';

const REPO = resolve(import.meta.dirname, '..');
const ORC_BIN = join(REPO, 'bin', 'orc.js');
const START_TIMEOUT_MS = 60_000;

/** The pid the harness recorded for an agent (0 when none). */
export function readAgentPid(paths: AgentPaths): number {
  try {
    const pid = Number(readFileSync(paths.pidFile, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : 0;
  } catch {
    return 0;
  }
}

/** True while a recorded pid is a live `orc agent --config <this config>` (a reused pid is not, and is never signalled). */
export function agentAlive(pid: number, config: string): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    if (state === 'Z' || state === 'X') return false;
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    const at = argv.indexOf('--config');
    return argv.includes('agent') && at > 0 && argv[at + 1] === config;
  } catch {
    return false;
  }
}

/** Sends a signal to a recorded agent if it is still that agent; returns whether it was sent. */
export function signalAgent(pid: number, config: string, sig: NodeJS.Signals): boolean {
  if (!agentAlive(pid, config)) return false;
  try {
    process.kill(pid, sig);
    return true;
  } catch {
    return false;
  }
}

/**
 * Starts `node bin/orc.js agent --config <config>` detached (own process group, output appended to its log, only
 * PATH/HOME/LANG in its environment) so it outlives the caller, and records its pid before returning.
 */
export async function spawnAgent(paths: AgentPaths): Promise<number> {
  const log = openSync(paths.log, 'a', 0o600);
  try {
    const env: Record<string, string> = {};
    for (const name of ['PATH', 'HOME', 'LANG'] as const) if (process.env[name]) env[name] = process.env[name]!;
    const child = spawn(process.execPath, [ORC_BIN, 'agent', '--config', paths.config], { detached: true, stdio: ['ignore', log, log], env, cwd: REPO });
    child.on('error', () => undefined);
    child.unref();
    if (child.pid === undefined) throw labError(`cannot start the agent of ${paths.config}`);
    await writeFile(paths.pidFile, `${child.pid}\n`, { mode: 0o600 });
    return child.pid;
  } finally {
    closeSync(log);
  }
}

function logTail(paths: AgentPaths): string {
  try {
    return readFileSync(paths.log, 'utf8').trim().split('\n').slice(-3).join(' | ');
  } catch {
    return '(no log)';
  }
}

/** Waits until a freshly started agent answers GET /api/info with the token; fails at once (with its log) if it died. */
export async function waitForAgent(paths: AgentPaths, pid: number, url: string, token: string, signal?: AbortSignal): Promise<void> {
  await pollUntil(
    async () => {
      if (!agentAlive(pid, paths.config)) throw labError(`the agent of ${paths.config} (pid ${pid}) exited while starting: ${logTail(paths)}`);
      const res = await fetch(`${url}/api/info`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(2000) });
      if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
      await res.arrayBuffer();
      return true;
    },
    { timeoutMs: START_TIMEOUT_MS, intervalMs: 50, signal, what: `the agent at ${url} to answer` },
  );
}

/** Waits until a recorded agent is gone; false when it is still there after timeoutMs. */
async function waitAgentGone(pid: number, config: string, timeoutMs: number): Promise<boolean> {
  try {
    await pollUntil(() => !agentAlive(pid, config), { timeoutMs, intervalMs: 20, what: `agent pid ${pid} to exit` });
    return true;
  } catch {
    return false;
  }
}

/** Kills an agent with SIGKILL (a crash) and waits until it is gone. */
export async function killAgentProcess(pid: number, config: string): Promise<void> {
  if (!signalAgent(pid, config, 'SIGKILL')) return;
  if (!(await waitAgentGone(pid, config, 10_000))) throw labError(`agent pid ${pid} survived SIGKILL`);
}

/** Stops an agent (SIGTERM, SIGKILL after graceMs; 0 kills at once) and waits until it is gone. */
export async function stopAgentProcess(pid: number, config: string, graceMs: number): Promise<void> {
  if (graceMs > 0 && signalAgent(pid, config, 'SIGTERM')) {
    // A frozen agent handles SIGTERM only once it runs again.
    signalAgent(pid, config, 'SIGCONT');
    if (await waitAgentGone(pid, config, graceMs)) return;
  }
  await killAgentProcess(pid, config);
}
