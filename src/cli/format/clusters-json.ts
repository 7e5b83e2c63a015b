import type { ClusterOverview } from '../../../core/commands/clusters-overview.js';
import { formatInstanceKey } from '../../../core/model/instance-key.js';
import { readinessJson } from './readiness-text.js';

/** One cluster of `orc clusters --json`: primary, health counts and whether orc would recover it now. */
export function clusterOverviewJson(c: ClusterOverview): Record<string, unknown> {
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
