import { agentAlive, killAgentProcess, readAgentPid, signalAgent, spawnAgent, stopAgentProcess, waitForAgent } from './agent-process.js';
import { labError } from './lab-error.js';
import { agentPaths } from './lab-paths.js';
import { labAgent, readLabState, type LabState } from './lab-state.js';
import type { LabAgent, LabRef } from './lab-types.js';

/** Starts the agents a lab's state lists, in parallel, and returns once each answers on its port. */
export async function startLabAgents(state: LabState, signal?: AbortSignal): Promise<void> {
  const token = state.agents?.token ?? '';
  await Promise.all(
    (state.agents?.list ?? []).map(async (a) => {
      const paths = agentPaths(state.dir, a.serverPort);
      const pid = await spawnAgent(paths);
      await waitForAgent(paths, pid, `http://127.0.0.1:${a.port}`, token, signal);
    }),
  );
}

/** Stops every recorded agent of a lab directory (SIGTERM, SIGKILL after graceMs), by the pid the lab recorded. */
export async function stopLabAgents(state: LabState | null, graceMs: number): Promise<void> {
  if (state === null) return;
  await Promise.all(
    (state.agents?.list ?? []).map((a) => {
      const paths = agentPaths(state.dir, a.serverPort);
      return stopAgentProcess(readAgentPid(paths), paths.config, graceMs);
    }),
  );
}

/** Kills the agent of one server with SIGKILL (a crash: its seed state stays on disk) and waits until it is gone. */
export async function killAgent(name: string, serverPort: number, opts: LabRef = {}): Promise<void> {
  const agent = labAgent(readLabState(name, opts.root).state, serverPort);
  if (!agentAlive(agent.pid, agent.config)) throw labError(`the agent of server ${serverPort} of lab "${name}" is not running`, { port: serverPort });
  await killAgentProcess(agent.pid, agent.config);
}

/** Starts the agent of one server again and waits until it answers. */
export async function startAgent(name: string, serverPort: number, opts: LabRef = {}): Promise<LabAgent> {
  const { state } = readLabState(name, opts.root);
  const agent = labAgent(state, serverPort);
  if (agentAlive(agent.pid, agent.config)) throw labError(`the agent of server ${serverPort} of lab "${name}" is already running (pid ${agent.pid})`, { port: serverPort });
  const paths = agentPaths(state.dir, serverPort);
  const pid = await spawnAgent(paths);
  await waitForAgent(paths, pid, agent.url, state.agents!.token, opts.signal);
  return labAgent(state, serverPort);
}

/** Freezes (SIGSTOP) or thaws (SIGCONT) the agent of one server: a hung agent, whose clients and peers hang too. */
export async function signalLabAgent(name: string, serverPort: number, sig: 'SIGSTOP' | 'SIGCONT', opts: LabRef = {}): Promise<void> {
  const agent = labAgent(readLabState(name, opts.root).state, serverPort);
  if (!signalAgent(agent.pid, agent.config, sig)) throw labError(`the agent of server ${serverPort} of lab "${name}" is not running`, { port: serverPort });
}
