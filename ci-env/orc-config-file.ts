import { writeFile } from 'node:fs/promises';
import type { LabState } from './lab-state.js';
import { LAB_HEARTBEAT_PERIOD_S } from './lab-heartbeat.js';

/**
 * The orc config (core/config.ts schema) for a lab: its topology and replication accounts, the primary as the
 * discovery seed and cluster seed, a SQLite store next to the config file, and automated recovery on.
 */
export function renderOrcConfig(state: LabState): Record<string, unknown> {
  const primary = state.instances.find((i) => i.role === 'primary');
  const seed = `127.0.0.1:${primary?.port ?? 0}`;
  return {
    // Loopback servers answer a probe in about a millisecond: tight limits notice a hung server sooner.
    topology: {
      user: state.accounts.topology.user,
      password: state.accounts.topology.password,
      connectTimeoutMs: 500,
      queryTimeoutMs: 500,
      probeDeadlineMs: 1000,
    },
    replication: {
      user: state.accounts.replication.user,
      password: state.accounts.replication.password,
      heartbeatPeriodSeconds: LAB_HEARTBEAT_PERIOD_S,
    },
    // Spares replicate from nobody, so nothing leads discovery to them: they are seeds of their own (seed targets).
    discovery: { seeds: [seed, ...state.instances.filter((i) => i.role === 'spare').map((i) => `127.0.0.1:${i.port}`)], pollIntervalMs: 1000 },
    store: { kind: 'sqlite', path: 'orc.db' },
    clusters: [{ alias: state.name, seeds: [seed] }],
    // A lab exists to be broken: `orc serve` on it recovers out of the box.
    // Replicas get a heartbeat every 0.5 s: a receive stream still for 1 s (two heartbeats missed, measured from
    // the first probe that saw it still) means the primary is hung, once orc cannot reach it either.
    recovery: { enabled: true, autoRecoverPrimary: 'all', autoRecoverIntermediatePrimary: 'all', heartbeatStallMs: 1000 },
    // With agents, orc's API is where they register (loopback only, so no credential is needed for it).
    ...(state.agents ? { api: { listen: `127.0.0.1:${state.agents.orcApiPort}` }, agents: { token: state.agents.token } } : {}),
  };
}

/** Writes the lab's orc config, readable by its owner only (it holds passwords). */
export async function writeOrcConfig(state: LabState): Promise<void> {
  await writeFile(state.config, `${JSON.stringify(renderOrcConfig(state), null, 2)}\n`, { mode: 0o600 });
}
