import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseInstanceKey } from '../../core/model/instance-key.js';
import { openStore, type OrcStore } from '../../core/store/open-store.js';
import { makeFacts } from './facts-builder.js';

/** A config file over a fresh SQLite store, for CLI runs without a server. */
export interface CliStore {
  readonly config: string;
  readonly store: OrcStore;
  /** Records clusters of a primary with two replicas each, primaries on ports base, base+10, ... */
  seedClusters(count: number, base?: number, at?: number): Promise<string[]>;
  close(): Promise<void>;
}

/** Creates a temporary config and SQLite store for CLI tests. */
export async function cliStore(): Promise<CliStore> {
  const dir = mkdtempSync(join(tmpdir(), 'orc-cli-'));
  const config = join(dir, 'orc.json');
  writeFileSync(config, JSON.stringify({ topology: { user: 'orc', connectTimeoutMs: 200 }, replication: { user: 'repl' }, store: { kind: 'sqlite', path: 'orc.db' } }));
  const store = await openStore({ kind: 'sqlite', path: join(dir, 'orc.db') });
  return {
    config,
    store,
    async seedClusters(count, base = 3306, at = Date.now()) {
      const primaries: string[] = [];
      for (let i = 0; i < count; i++) {
        const p = `127.0.0.1:${base + 10 * i}`;
        const replicas = [`127.0.0.1:${base + 10 * i + 1}`, `127.0.0.1:${base + 10 * i + 2}`];
        await store.recordObservation({ facts: makeFacts(p, { replicas, serverId: 1, at, readOnly: false }), clusterName: p });
        for (const [j, r] of replicas.entries()) {
          await store.recordObservation({ facts: makeFacts(r, { source: p, serverId: j + 2, at, readOnly: true }), clusterName: p });
        }
        await store.upsertCluster({ name: p, alias: `c${i}`, primary: parseInstanceKey(p), updatedAt: at });
        primaries.push(p);
      }
      return primaries;
    },
    async close() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
