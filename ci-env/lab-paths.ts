import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { labError } from './lab-error.js';

/** Files of one lab. */
export interface LabPaths {
  root: string;
  dir: string;
  state: string;
  config: string;
}

/** Files of one server of a lab. */
export interface NodePaths {
  dir: string;
  cnf: string;
  socket: string;
  pidFile: string;
  /** The pid the harness recorded when it spawned the server; the only pid it ever signals. */
  labPid: string;
  log: string;
  datadir: string;
  /** The option file orc's rollouts persist variables in through the server's agent (the cnf includes it). */
  rolloutCnf: string;
}

const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$/;
// sockaddr_un.sun_path holds 108 bytes including the terminating NUL.
const MAX_SOCKET_PATH = 107;

/** Where labs live unless a root is given: <os tmpdir>/orc-labs. */
export function defaultLabRoot(): string {
  return join(tmpdir(), 'orc-labs');
}

/** Throws unless the lab name is usable as a directory, an nft table suffix and an orc cluster alias. */
export function validateLabName(name: string): void {
  if (!NAME_RE.test(name)) {
    throw labError(`invalid lab name "${name}": use 1-40 letters, digits, _ . - (starting with a letter or digit)`);
  }
}

/** Paths of the lab `name` under `root` (default root when omitted). */
export function labPaths(name: string, root?: string): LabPaths {
  validateLabName(name);
  const base = resolve(root ?? defaultLabRoot());
  const dir = join(base, name);
  return { root: base, dir, state: join(dir, 'lab.json'), config: join(dir, 'orc.json') };
}

/** Paths of the server listening on `port` in the lab directory `dir`. */
export function nodePaths(dir: string, port: number): NodePaths {
  const nodeDir = join(dir, String(port));
  const paths = {
    dir: nodeDir,
    cnf: join(nodeDir, 'my.cnf'),
    socket: join(nodeDir, 'mariadbd.sock'),
    pidFile: join(nodeDir, 'mariadbd.pid'),
    labPid: join(nodeDir, 'lab.pid'),
    log: join(nodeDir, 'mariadbd.log'),
    datadir: join(nodeDir, 'data'),
    rolloutCnf: join(nodeDir, 'orc-rollouts.cnf'),
  };
  if (Buffer.byteLength(paths.socket) > MAX_SOCKET_PATH) {
    throw labError(`socket path ${paths.socket} is longer than ${MAX_SOCKET_PATH} bytes: use a shorter lab root or name`);
  }
  return paths;
}

/** Files of the seed agent of the server on `serverPort` in the lab directory `dir`. */
export interface AgentPaths {
  config: string;
  /** The pid the harness recorded when it spawned the agent; the only pid it ever signals. */
  pidFile: string;
  log: string;
  workDir: string;
}

/** Paths of the seed agent of the server on `serverPort` in the lab directory `dir`. */
export function agentPaths(dir: string, serverPort: number): AgentPaths {
  return {
    config: join(dir, `agent-${serverPort}.json`),
    pidFile: join(dir, `agent-${serverPort}.pid`),
    log: join(dir, `agent-${serverPort}.log`),
    workDir: join(dir, `agent-${serverPort}`),
  };
}

/** Ports of the servers that have a directory in the lab directory `dir` (recorded or half-created). */
export function listNodePorts(dir: string): number[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries.filter((e) => /^\d{1,5}$/.test(e)).map(Number).sort((a, b) => a - b);
}
