import type { ClusterRecoveryStatus } from '../../core/commands/cluster-recovery-status.js';
import type { DashboardContext } from '../lib/dashboard-context.js';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ClusterTopology } from '../../core/commands/cluster-topology.js';
import type { ClusterSummary } from '../../core/commands/list-clusters.js';
import type { NodeStatus } from '../../core/commands/list-nodes.js';
import type { Seed } from '../../core/seeds/seed.js';
import { errorLine } from '../../core/errors.js';
import { silentLogger } from '../../core/ports/logger.js';
import { SupervisedLoop } from '../../core/util/supervised-loop.js';
import { moveSelection, reconcileSelection } from '../lib/cluster-selection.js';
import { loadDashboard } from '../lib/load-dashboard.js';

/** What the dashboard shows; clusters is null until the first refresh answers. */
export interface DashboardState {
  readonly clusters: readonly ClusterSummary[] | null;
  readonly selectedName: string | null;
  /** The latest tree read; may belong to another cluster for a moment after the user moved. */
  readonly topology: ClusterTopology | null;
  /** Recovery readiness and latest recovery of the cluster `topology` belongs to. */
  readonly recovery: ClusterRecoveryStatus | null;
  /** The orc services' health rows as of the last refresh; null until then or when they could not be read. */
  readonly nodes: readonly NodeStatus[] | null;
  readonly seeds: readonly Seed[] | null;
  readonly refreshedAt: number | null;
  /** The last refresh's error as "code: message"; cleared by the next good refresh. */
  readonly error: string | null;
}

/** The dashboard's data plus what the keys can do to it. */
export interface DashboardData {
  readonly state: DashboardState;
  /** Selects the previous (-1) or next (1) cluster and loads its tree at once. */
  readonly move: (delta: number) => void;
  /** Refreshes now (after the refresh under way, if any). */
  readonly refresh: () => void;
}

const INITIAL: DashboardState = { clusters: null, selectedName: null, topology: null, recovery: null, nodes: null, seeds: null, refreshedAt: null, error: null };

/**
 * Polls the cluster list and the selected cluster's topology every refreshMs through the core commands, one
 * refresh at a time, keeping the selection by cluster name; stops when the component unmounts.
 */
export function useDashboardData(ctx: DashboardContext, refreshMs: number): DashboardData {
  const [state, setState] = useState<DashboardState>(INITIAL);
  const selection = useRef<{ name: string | null; index: number }>({ name: null, index: 0 });
  const names = useRef<readonly string[]>([]);
  const loop = useRef<SupervisedLoop | null>(null);

  useEffect(() => {
    const refreshLoop = new SupervisedLoop({
      name: 'tui-refresh',
      intervalMs: refreshMs,
      logger: silentLogger,
      clock: ctx.clock,
      run: async (signal) => {
        const wanted = selection.current.name;
        const snapshot = await loadDashboard(ctx, wanted, selection.current.index);
        if (signal.aborted) return;
        const clusterNames = snapshot.clusters.map((c) => c.cluster.name);
        // The user moved while this refresh ran: keep their choice; the refresh their move queued loads its tree.
        const selectedName =
          selection.current.name === wanted
            ? snapshot.selectedName
            : reconcileSelection(clusterNames, selection.current.name, selection.current.index);
        names.current = clusterNames;
        selection.current = { name: selectedName, index: Math.max(0, clusterNames.indexOf(selectedName ?? '')) };
        setState((previous) => ({
          clusters: snapshot.clusters,
          selectedName,
          topology: snapshot.topology ?? (previous.topology?.cluster.name === selectedName ? previous.topology : null),
          recovery: snapshot.topology ? snapshot.recovery : previous.topology?.cluster.name === selectedName ? previous.recovery : null,
          nodes: snapshot.nodes,
          seeds: snapshot.seeds,
          refreshedAt: snapshot.refreshedAt,
          error: snapshot.error,
        }));
      },
      onError: (err) => setState((previous) => ({ ...previous, error: errorLine(err) })),
    });
    loop.current = refreshLoop;
    refreshLoop.start();
    return () => {
      loop.current = null;
      void refreshLoop.stop();
    };
  }, [ctx, refreshMs]);

  const move = useCallback((delta: number) => {
    const next = moveSelection(names.current, selection.current.name, delta);
    if (next === selection.current.name) return;
    selection.current = { name: next, index: Math.max(0, names.current.indexOf(next ?? '')) };
    setState((previous) => ({ ...previous, selectedName: next }));
    loop.current?.trigger();
  }, []);

  const refresh = useCallback(() => loop.current?.trigger(), []);

  return { state, move, refresh };
}
