import { formatAge } from '../../core/model/instance-problems.js';
import { flattenTopology, type TopologyNode } from '../../core/model/topology-tree.js';

/** Warns when the newest probe of the shown cluster is older than staleAfterMs (the service may be down). */
export function stalenessWarning(trees: readonly TopologyNode[], at: number, staleAfterMs: number): string | null {
  const checked = flattenTopology(trees).map((n) => n.record.lastCheckedAt);
  if (checked.length === 0) return null;
  const age = at - Math.max(...checked);
  if (age <= staleAfterMs) return null;
  return `no fresh data from the service for ${formatAge(age)} — is \`orc serve\` running?`;
}
