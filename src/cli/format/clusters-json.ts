import type { ClusterOverview } from '../../../core/commands/clusters-overview.js';
import { describeFormerPrimary } from '../../../core/analysis/former-primaries.js';
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
  /** Primaries its recoveries replaced, still fenced: shown here instead of as clusters of their own. */
  readonly formerPrimaries: readonly FormerPrimaryJson[];
}

/** A fenced former primary in `orc clusters --json`. */
export interface FormerPrimaryJson {
  readonly instance: string;
  readonly state: string;
  readonly fencedSince: string;
  readonly recovery: string;
  readonly detail: string;
  /** The line `orc clusters` prints for it. */
  readonly text: string;
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
    formerPrimaries: c.formerPrimaries.map((f) => ({
      instance: formatInstanceKey(f.instance),
      state: f.state,
      fencedSince: new Date(f.fencedSince).toISOString(),
      recovery: f.recoveryId,
      detail: f.detail,
      text: describeFormerPrimary(f),
    })),
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
    // A service older than this CLI answers without the field.
    for (const former of c.formerPrimaries ?? []) lines.push(`  ${former.text}`);
    for (const line of readinessLines(c.recovery, c.error)) lines.push(`  ${line}`);
  }
  return lines;
}
