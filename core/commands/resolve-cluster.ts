import { NotFoundError } from '../errors.js';
import type { ClusterRecord } from '../model/instance.js';
import { formatInstanceKey, parseInstanceKey } from '../model/instance-key.js';
import type { Store } from '../ports/store.js';

/** Finds a cluster by its name, its alias, or HOST:PORT of any of its servers. */
export async function resolveCluster(store: Store, hint: string): Promise<ClusterRecord> {
  const clusters = await store.listClusters();
  const wanted = hint.trim();
  const byName = clusters.find((c) => c.name === wanted || c.alias === wanted);
  if (byName) return byName;
  if (wanted.includes(':')) {
    const key = parseInstanceKey(wanted);
    const instance = await store.getInstance(key);
    const owner = instance && clusters.find((c) => c.name === instance.clusterName);
    if (owner) return owner;
    const normalized = formatInstanceKey(key);
    const byNormalized = clusters.find((c) => c.name === normalized);
    if (byNormalized) return byNormalized;
  }
  const known = clusters.map((c) => (c.alias ? `${c.alias} (${c.name})` : c.name));
  throw new NotFoundError('orc_unknown_cluster', `unknown cluster "${hint}"; known: ${known.join(', ') || 'none (run orc discover first)'}`, {
    hint,
  });
}
