import type { ClusterOverview } from '../../../core/commands/clusters-overview.js';
import { formatInstanceKey } from '../../../core/model/instance-key.js';
import { readinessJson, readinessLines, type ReadinessJson } from './readiness-text.js';

/** One cluster as `orc clusters --json` and GET /api/clusters-info show it. */
export interface ClusterOverviewJson {
  readonly name: string;
  readonly alias: string | null;
  readonly primary: string;
  readonly primaryReachable: boolean;
  readonly headless: string | null;
  readonly instances: number;
  readonly reachable: number;
  readonly withProblems: number;
  readonly recovery: ReadinessJson | null;
  readonly error: string | null;
}

/** One cluster of `orc clusters --json`: primary, health counts and whether orc would recover it now. */
export function clusterOverviewJson(c: ClusterOverview): ClusterOverviewJson {
  return {
    name: c.cluster.name,
    alias: c.cluster.alias,
    primary: formatInstanceKey(c.cluster.primary),
    primaryReachable: c.primaryReachable,
    headless: c.headless,
    instances: c.instances,
    reachable: c.reachable,
    withProblems: c.withProblems,
    recovery: c.recovery && readinessJson(c.recovery),
    error: c.error,
  };
}

/** `orc clusters` as text: a line per cluster with its health, then whether orc would recover it now. */
export function clustersText(clusters: readonly ClusterOverviewJson[]): string[] {
  const lines: string[] = [];
  if (clusters.length === 0) lines.push('no clusters known: run `orc discover HOST:PORT` or `orc serve`');
  for (const c of clusters) {
    const health = c.headless !== null ? '  NO WRITABLE PRIMARY' : c.primaryReachable ? '' : '  PRIMARY UNREACHABLE';
    lines.push(`${c.alias ?? '-'}  ${c.name}  instances ${c.reachable}/${c.instances} reachable  problems ${c.withProblems}${health}`);
    if (c.headless !== null) lines.push(`  CRITICAL: ${c.headless}`);
    for (const line of readinessLines(c.recovery, c.error)) lines.push(`  ${line}`);
  }
  return lines;
}
