import { waitForPortFree } from './port-check.js';
import { findProgram } from './find-program.js';
import { labError } from './lab-error.js';
import { nodePaths } from './lab-paths.js';
import { labInstance, readLabState } from './lab-state.js';
import type { LabInstance, LabRef } from './lab-types.js';
import { pollUntil } from './poll-until.js';
import { serverState, shutdownServer, signalServer, spawnServer, waitForExit, type ServerState } from './server-process.js';
import { waitForServer } from './wait-for-server.js';

const STOP_GRACE_MS = 30_000;

function runningServer(name: string, port: number, opts: LabRef): LabInstance {
  const inst = labInstance(readLabState(name, opts.root).state, port);
  if (serverState(inst.pid, inst.cnf) === 'dead') throw labError(`server ${port} of lab "${name}" is not running`, { port });
  return inst;
}

async function awaitState(inst: LabInstance, want: ServerState, signal?: AbortSignal): Promise<void> {
  await pollUntil(() => serverState(inst.pid, inst.cnf) === want, { timeoutMs: 5000, intervalMs: 10, signal, what: `server ${inst.port} to be ${want}` });
}

/** Kills one server with SIGKILL (a crash) and waits until the process is gone. */
export async function killServer(name: string, port: number, opts: LabRef = {}): Promise<void> {
  const inst = runningServer(name, port, opts);
  signalServer(inst.pid, inst.cnf, 'SIGKILL');
  if (!(await waitForExit(inst.pid, inst.cnf, 10_000, opts.signal))) throw labError(`server ${port} survived SIGKILL`, { port });
  if (!(await waitForPortFree(port, 10_000))) throw labError(`port ${port} still listens after its server was killed`, { port });
}

/** Shuts one server down cleanly (SIGTERM, then SIGKILL after a bound) and waits until it is gone. */
export async function stopServer(name: string, port: number, opts: LabRef = {}): Promise<void> {
  const inst = runningServer(name, port, opts);
  await shutdownServer(inst.pid, inst.cnf, STOP_GRACE_MS, opts.signal);
  if (!(await waitForPortFree(port, 10_000))) throw labError(`port ${port} still listens after its server stopped`, { port });
}

/** Restarts a stopped or killed server with its own cnf, records its new pid and waits until it answers. */
export async function startServer(name: string, port: number, opts: LabRef = {}): Promise<LabInstance> {
  const { state } = readLabState(name, opts.root);
  const inst = labInstance(state, port);
  if (serverState(inst.pid, inst.cnf) !== 'dead') throw labError(`server ${port} of lab "${name}" is already running (pid ${inst.pid})`, { port });
  const mariadbd = findProgram('mariadbd');
  if (mariadbd === null) throw labError('mariadbd is not installed');
  const paths = nodePaths(state.dir, port);
  const pid = await spawnServer(mariadbd, paths, port, state.asRoot);
  await waitForServer(paths, port, pid, opts.signal);
  return labInstance(state, port);
}

/** Freezes one server with SIGSTOP (a hung server: its clients hang too). */
export async function freezeServer(name: string, port: number, opts: LabRef = {}): Promise<void> {
  const inst = runningServer(name, port, opts);
  signalServer(inst.pid, inst.cnf, 'SIGSTOP');
  await awaitState(inst, 'frozen', opts.signal);
}

/** Resumes a frozen server with SIGCONT. */
export async function thawServer(name: string, port: number, opts: LabRef = {}): Promise<void> {
  const inst = runningServer(name, port, opts);
  signalServer(inst.pid, inst.cnf, 'SIGCONT');
  await awaitState(inst, 'running', opts.signal);
}
