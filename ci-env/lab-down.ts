import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { stopLabAgents } from './lab-agents.js';
import { labPaths, listNodePorts, nodePaths } from './lab-paths.js';
import { readLabStateIfAny } from './lab-state.js';
import type { LabRef } from './lab-types.js';
import { removePartitionTable } from './nft-partition.js';
import { currentServerPid, shutdownServer } from './server-process.js';

const SHUTDOWN_GRACE_MS = 10_000;

/**
 * Stops every recorded agent and then every server of a lab (SIGTERM, SIGKILL after `graceMs`; 0 kills at once;
 * a server an agent restarted is found by its pid file), removes its nft table and deletes its directory.
 */
export async function removeLab(name: string, root: string | undefined, graceMs: number, signal?: AbortSignal): Promise<void> {
  const paths = labPaths(name, root);
  if (!existsSync(paths.dir)) return;
  // Agents first: a live agent could start a server again while the lab goes down.
  let state = null;
  try {
    state = readLabStateIfAny(paths);
  } catch {
    // an unreadable state file names no agents: the servers are still found by their directories
  }
  await stopLabAgents(state, graceMs);
  await Promise.all(
    listNodePorts(paths.dir).map((port) => {
      const node = nodePaths(paths.dir, port);
      return shutdownServer(currentServerPid(node), node.cnf, graceMs, signal);
    }),
  );
  await removePartitionTable(name, signal);
  await rm(paths.dir, { recursive: true, force: true });
}

/**
 * Stops every server of a lab by the pid it recorded (clean shutdown, SIGKILL after a bound), removes its nft
 * table and deletes its directory. A lab that does not exist is already down.
 */
export async function labDown(name: string, opts: LabRef = {}): Promise<void> {
  await removeLab(name, opts.root, SHUTDOWN_GRACE_MS, opts.signal);
}
