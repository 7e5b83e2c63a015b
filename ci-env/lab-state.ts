import { existsSync, readFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { labError } from './lab-error.js';
import { agentPaths, labPaths, nodePaths, type LabPaths } from './lab-paths.js';
import { labHeartbeat, type LabHeartbeatMode } from './lab-heartbeat.js';
import type { LabAgent, LabInfo, LabInstance, LabRole } from './lab-types.js';
import { readAgentPid } from './agent-process.js';
import { currentServerPid } from './server-process.js';

/** A user name and its password. */
export interface Credentials {
  user: string;
  password: string;
}

/** What a lab's state file (lab.json, mode 0600) records; pids live in each server's lab.pid. */
export interface LabState {
  version: 1;
  name: string;
  dir: string;
  config: string;
  createdAt: string;
  asRoot: boolean;
  /** Absent in labs built before the option existed: they reported their host. */
  reportHost?: boolean;
  /** Absent in labs built before the option existed: they used the fast settings. */
  heartbeat?: LabHeartbeatMode;
  accounts: { admin: Credentials; topology: Credentials; replication: Credentials; app: Credentials };
  instances: { port: number; role: LabRole; serverId: number; source: number | null }[];
  /** Absent in labs built without agents: the shared token, the orc API port they register with, each agent's port. */
  agents?: { token: string; orcApiPort: number; list: { serverPort: number; port: number }[] };
}

/** Writes the state file atomically, readable by its owner only. */
export async function writeLabState(paths: LabPaths, state: LabState): Promise<void> {
  const tmp = `${paths.state}.tmp`;
  await writeFile(tmp, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  await rename(tmp, paths.state);
}

/** Reads a lab's state file, or null when the lab has none. */
export function readLabStateIfAny(paths: LabPaths): LabState | null {
  if (!existsSync(paths.state)) return null;
  try {
    const state = JSON.parse(readFileSync(paths.state, 'utf8')) as LabState;
    if (state.version !== 1 || !Array.isArray(state.instances)) throw new Error('unknown format');
    return state;
  } catch (err) {
    throw labError(`cannot read lab state ${paths.state}: ${(err as Error).message}`);
  }
}

/** Reads the state of the lab `name`, throwing a coded error when no such lab exists under the root. */
export function readLabState(name: string, root?: string): { paths: LabPaths; state: LabState } {
  const paths = labPaths(name, root);
  const state = readLabStateIfAny(paths);
  if (state === null) throw labError(`no lab named "${name}" under ${paths.root}`, { name });
  return { paths, state };
}

/** One server of a lab with the pid recorded for it now. */
export function labInstance(state: LabState, port: number): LabInstance {
  const planned = state.instances.find((i) => i.port === port);
  if (planned === undefined) {
    throw labError(`lab "${state.name}" has no server on port ${port} (ports: ${state.instances.map((i) => i.port).join(', ')})`);
  }
  const p = nodePaths(state.dir, port);
  return {
    port,
    host: '127.0.0.1',
    role: planned.role,
    serverId: planned.serverId,
    pid: currentServerPid(p),
    source: planned.source,
    cnf: p.cnf,
    socket: p.socket,
    datadir: p.datadir,
  };
}

/** One seed agent of a lab with the pid recorded for it now. */
export function labAgent(state: LabState, serverPort: number): LabAgent {
  const found = state.agents?.list.find((a) => a.serverPort === serverPort);
  if (found === undefined) {
    const ports = state.agents?.list.map((a) => a.serverPort).join(', ') ?? 'none';
    throw labError(`lab "${state.name}" has no agent for server ${serverPort} (agents serve: ${ports})`, { port: serverPort });
  }
  const p = agentPaths(state.dir, serverPort);
  return { serverPort, port: found.port, url: `http://127.0.0.1:${found.port}`, pid: readAgentPid(p), config: p.config, log: p.log };
}

/** The public view of a lab's state: accounts and servers with their current pids. */
export function toLabInfo(state: LabState): LabInfo {
  const { admin, topology, replication, app } = state.accounts;
  return {
    name: state.name,
    dir: state.dir,
    config: state.config,
    user: admin.user,
    password: admin.password,
    topologyUser: topology.user,
    topologyPassword: topology.password,
    replicationUser: replication.user,
    replicationPassword: replication.password,
    appUser: app.user,
    appPassword: app.password,
    reportHost: state.reportHost ?? true,
    heartbeat: labHeartbeat(state.heartbeat ?? 'fast'),
    instances: state.instances.map((i) => labInstance(state, i.port)),
    agents: (state.agents?.list ?? []).map((a) => labAgent(state, a.serverPort)),
    agentToken: state.agents?.token ?? null,
    orcApi: state.agents ? { host: '127.0.0.1', port: state.agents.orcApiPort } : null,
  };
}
