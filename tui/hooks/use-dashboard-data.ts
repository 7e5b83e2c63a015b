import type { ClusterRecoveryStatus } from '../../core/commands/cluster-recovery-status.js';
import type { Clock } from '../../core/ports/clock.js';
import type { DashboardSource } from '../lib/dashboard-source.js';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ClusterTopology } from '../../core/commands/cluster-topology.js';
import type { ClusterSummary } from '../../core/commands/list-clusters.js';
import type { NodeStatus } from '../../core/commands/list-nodes.js';
import type { Seed } from '../../core/seeds/seed.js';
import { errorLine } from '../../core/errors.js';
import { silentLogger } from '../../core/ports/logger.js';
import { SupervisedLoop } from '../../core/util/supervised-loop.js';
import { reconcileSelection } from '../../core/model/reconcile-selection.js';
import { moveSelection } from '../lib/cluster-selection.js';
import { appendLagSamples, type LagHistory } from '../lib/lag-history.js';
import type { DashboardQuery, DashboardSnapshot } from '../../core/commands/load-dashboard.js';
import { appendRateSamples, type RateSamples } from '../lib/rate-samples.js';
import { rolloutSampleKey, seedSampleKey } from '../lib/seed-rollout-items.js';

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
  /** True while the latest refresh failed as a whole (store or API unreachable): everything shown is from before. */
  readonly refreshFailed: boolean;
  /** When the last refresh that answered arrived, by the dashboard's own clock; null until one has. */
  readonly receivedAt: number | null;
  readonly analysis: DashboardSnapshot['analysis'];
  readonly recoveries: DashboardSnapshot['recoveries'];
  readonly recoveryDetail: DashboardSnapshot['recoveryDetail'];
  readonly rollouts: DashboardSnapshot['rollouts'];
  readonly audit: DashboardSnapshot['audit'];
  /** Lag samples per replica of the trees read so far, for the trend. */
  readonly lagHistory: LagHistory;
  /** Bytes of running seeds and finished targets of rollouts over the last refreshes, for rates and ETAs. */
  readonly rates: RateSamples;
}

/** The dashboard's data plus what the keys can do to it. */
export interface DashboardData {
  readonly state: DashboardState;
  /** Selects the previous (-1) or next (1) cluster and loads its tree at once. */
  readonly move: (delta: number) => void;
  /** Selects a cluster by name and loads its tree at once. */
  readonly select: (name: string) => void;
  /** Tells the loader what the screen on show needs; a change refreshes at once. */
  readonly setQuery: (query: DashboardQuery) => void;
  /** Refreshes now (after the refresh under way, if any). */
  readonly refresh: () => void;
}

const INITIAL: DashboardState = {
  clusters: null,
  selectedName: null,
  topology: null,
  recovery: null,
  nodes: null,
  seeds: null,
  refreshedAt: null,
  error: null,
  refreshFailed: false,
  receivedAt: null,
  analysis: null,
  recoveries: null,
  recoveryDetail: null,
  rollouts: null,
  audit: null,
  lagHistory: new Map(),
  rates: new Map(),
};

/**
 * Polls the cluster list and what the screen on show needs every refreshMs from the source, one refresh at a time
 * and never blocking a render, keeping the selection by cluster name; stops when the component unmounts.
 */
export function useDashboardData(
  source: DashboardSource,
  clock: Clock,
  refreshMs: number,
  initialQuery: DashboardQuery = { screen: 'clusters', recoveryId: null },
): DashboardData {
  const [state, setState] = useState<DashboardState>(INITIAL);
  const selection = useRef<{ name: string | null; index: number }>({ name: null, index: 0 });
  const names = useRef<readonly string[]>([]);
  const query = useRef<DashboardQuery>(initialQuery);
  const lagSeen = useRef<ReadonlyMap<string, number>>(new Map());
  const loop = useRef<SupervisedLoop | null>(null);

  useEffect(() => {
    const refreshLoop = new SupervisedLoop({
      name: 'tui-refresh',
      intervalMs: refreshMs,
      logger: silentLogger,
      clock,
      run: async (signal) => {
        const wanted = selection.current.name;
        const asked = query.current;
        const snapshot = await source.load(wanted, selection.current.index, asked, signal);
        if (signal.aborted) return;
        const clusterNames = snapshot.clusters.map((c) => c.cluster.name);
        // The user moved while this refresh ran: keep their choice; the refresh their move queued loads its tree.
        const selectedName =
          selection.current.name === wanted
            ? snapshot.selectedName
            : reconcileSelection(clusterNames, selection.current.name, selection.current.index);
        names.current = clusterNames;
        selection.current = { name: selectedName, index: Math.max(0, clusterNames.indexOf(selectedName ?? '')) };
        // A screen switched while this refresh ran: its data comes with the refresh the switch queued.
        const sameQuery = query.current.screen === asked.screen && query.current.recoveryId === asked.recoveryId;
        setState((previous) => {
          const lag = snapshot.topology ? appendLagSamples(previous.lagHistory, lagSeen.current, snapshot.topology.trees) : null;
          if (lag) lagSeen.current = lag.seenAt;
          return {
            clusters: snapshot.clusters,
            selectedName,
            topology: snapshot.topology ?? (previous.topology?.cluster.name === selectedName ? previous.topology : null),
            recovery: snapshot.topology ? snapshot.recovery : previous.topology?.cluster.name === selectedName ? previous.recovery : null,
            nodes: snapshot.nodes,
            seeds: snapshot.seeds,
            refreshedAt: snapshot.refreshedAt,
            error: snapshot.error,
            refreshFailed: false,
            receivedAt: clock.now(),
            analysis: snapshot.analysis ?? (sameQuery ? null : previous.analysis),
            recoveries: snapshot.recoveries ?? (sameQuery ? null : previous.recoveries),
            recoveryDetail: snapshot.recoveryDetail,
            rollouts: snapshot.rollouts ?? (sameQuery ? null : previous.rollouts),
            audit: snapshot.audit ?? (sameQuery ? null : previous.audit),
            lagHistory: lag ? lag.history : previous.lagHistory,
            rates: snapshot.rollouts || snapshot.seeds ? appendRateSamples(previous.rates, snapshot.refreshedAt, progressValues(snapshot)) : previous.rates,
          };
        });
      },
      onError: (err) => setState((previous) => ({ ...previous, error: errorLine(err), refreshFailed: true })),
    });
    loop.current = refreshLoop;
    refreshLoop.start();
    return () => {
      loop.current = null;
      void refreshLoop.stop();
    };
  }, [source, clock, refreshMs]);

  const select = useCallback((next: string | null) => {
    if (next === null || next === selection.current.name) return;
    selection.current = { name: next, index: Math.max(0, names.current.indexOf(next)) };
    setState((previous) => ({ ...previous, selectedName: next }));
    loop.current?.trigger();
  }, []);

  const move = useCallback((delta: number) => select(moveSelection(names.current, selection.current.name, delta)), [select]);

  const setQuery = useCallback((next: DashboardQuery) => {
    if (next.screen === query.current.screen && next.recoveryId === query.current.recoveryId) return;
    query.current = next;
    loop.current?.trigger();
  }, []);

  const refresh = useCallback(() => loop.current?.trigger(), []);

  return { state, move, select, setQuery, refresh };
}

function progressValues(snapshot: DashboardSnapshot): Map<string, number> {
  const values = new Map<string, number>();
  for (const seed of snapshot.seeds ?? []) values.set(seedSampleKey(seed), seed.bytesCopied);
  for (const r of snapshot.rollouts ?? []) values.set(rolloutSampleKey(r), r.counts.succeeded + r.counts.failed);
  return values;
}
