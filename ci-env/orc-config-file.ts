import { writeFile } from 'node:fs/promises';
import type { LabState } from './lab-state.js';

/**
 * The orc config (core/config.ts schema) for a lab: its topology and replication accounts, the primary as the
 * discovery seed and cluster seed, a SQLite store next to the config file, and automated recovery on.
 */
export function renderOrcConfig(state: LabState): Record<string, unknown> {
  const primary = state.instances.find((i) => i.role === 'primary');
  const seed = `127.0.0.1:${primary?.port ?? 0}`;
  return {
    topology: { user: state.accounts.topology.user, password: state.accounts.topology.password },
    replication: { user: state.accounts.replication.user, password: state.accounts.replication.password },
    discovery: { seeds: [seed], pollIntervalMs: 1000 },
    store: { kind: 'sqlite', path: 'orc.db' },
    clusters: [{ alias: state.name, seeds: [seed] }],
    // A lab exists to be broken: `orc serve` on it recovers out of the box.
    recovery: { enabled: true, autoRecoverPrimary: 'all', autoRecoverIntermediatePrimary: 'all' },
  };
}

/** Writes the lab's orc config, readable by its owner only (it holds passwords). */
export async function writeOrcConfig(state: LabState): Promise<void> {
  await writeFile(state.config, `${JSON.stringify(renderOrcConfig(state), null, 2)}\n`, { mode: 0o600 });
}
