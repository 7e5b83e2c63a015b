import type { DashboardState } from '../hooks/use-dashboard-data.js';
import { formatInstanceKey } from '../../core/model/instance-key.js';
import { auditItems } from './audit-items.js';
import { clusterLabelWidth, clusterLine } from './cluster-line.js';
import { problemItems } from './problems-items.js';
import { recoveryDetailItems, recoveryItems } from './recovery-items.js';
import type { ScreenItem } from './screen-item.js';
import type { ScreenId } from './screens.js';
import { seedRolloutItems } from './seed-rollout-items.js';
import { topologyLines } from './topology-lines.js';

/** A screen's rows, or null while its data has not been read yet. */
export interface ScreenRows {
  readonly items: readonly ScreenItem[] | null;
  /** What the rows count, for the title ("4 servers", "3 findings"). */
  readonly noun: string;
}

/**
 * The rows of a screen over the dashboard's data (pure). The topology rows show the lag trend and mark servers
 * not probed for staleAfterMs as stale; the recoveries screen shows one recovery's steps when drilled into.
 */
export function screenItems(screen: ScreenId, state: DashboardState, recoveryId: string | null, now: number, staleAfterMs: number, filter = ''): ScreenRows {
  switch (screen) {
    case 'clusters': {
      const clusters = state.clusters;
      if (!clusters) return { items: null, noun: 'clusters' };
      // The cluster list draws its visible rows itself: every row's text is built only when a filter reads it.
      const byName = new Map((state.analysis ?? []).map((a) => [a.cluster.name, a]));
      const width = filter === '' ? 0 : clusterLabelWidth(clusters);
      const items = clusters.map((c): ScreenItem => ({
        key: c.cluster.name,
        line: filter === '' ? [] : clusterLine(c, false, width, byName.get(c.cluster.name), now),
        ref: { kind: 'cluster', name: c.cluster.name },
      }));
      return { items, noun: 'clusters' };
    }
    case 'topology': {
      const topology = state.topology && state.topology.cluster.name === state.selectedName ? state.topology : null;
      if (!topology) return { items: null, noun: 'servers' };
      const rows = topologyLines(topology.trees, topology.at, { lagHistory: state.lagHistory, staleAfterMs });
      return { items: rows.map((r) => ({ key: formatInstanceKey(r.node.record.key), line: r.line, ref: { kind: 'server', node: r.node } })), noun: 'servers' };
    }
    case 'problems':
      return { items: state.analysis ? problemItems(state.analysis) : null, noun: 'findings' };
    case 'recoveries':
      if (recoveryId !== null) {
        const detail = state.recoveryDetail?.record.id === recoveryId ? state.recoveryDetail : null;
        return { items: detail ? recoveryDetailItems(detail, now) : null, noun: 'steps' };
      }
      return { items: state.recoveries ? recoveryItems(state.recoveries, now) : null, noun: 'recoveries' };
    case 'seeds':
      return { items: state.seeds && state.rollouts ? seedRolloutItems(state.seeds, state.rollouts, state.rates, now) : null, noun: 'seeds and rollouts' };
    case 'audit':
      return { items: state.audit ? auditItems(state.audit) : null, noun: 'entries' };
  }
}
