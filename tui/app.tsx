import type { DashboardContext } from './lib/dashboard-context.js';
import { Box, useApp } from 'ink';
import { useCallback, useMemo } from 'react';
import { ClusterList } from './components/cluster-list.js';
import { Header } from './components/header.js';
import { HelpLine } from './components/help-line.js';
import { Notices } from './components/notices.js';
import { TopologyTree } from './components/topology-tree.js';
import { useDashboardData } from './hooks/use-dashboard-data.js';
import { useKeyActions } from './hooks/use-key-actions.js';
import { clusterLabel } from './lib/cluster-line.js';
import { planFrame, type TerminalSize } from './lib/frame-plan.js';
import { DASHBOARD_KEYS, type DashboardAction } from './lib/key-map.js';
import { noticeLines } from './lib/notice-lines.js';
import { recoveryLines } from './lib/recovery-lines.js';
import { seedLines } from './lib/seed-lines.js';
import { stalenessWarning } from './lib/staleness.js';
import { topologyLines } from './lib/topology-lines.js';
import { topologyTitle } from './lib/topology-title.js';

/** Props of the dashboard: the command context, refresh cadence and terminal size all come from the caller. */
export interface AppProps {
  /** Keep the same object across renders: a new ctx restarts polling. */
  readonly ctx: DashboardContext;
  readonly refreshMs: number;
  readonly size: TerminalSize;
  readonly title?: string;
  /** Age of the newest probe beyond which the service is presumed down; defaults to 3 × refreshMs. */
  readonly staleAfterMs?: number;
  /** Called when the user quits, before Ink unmounts. */
  readonly onQuit?: () => void;
}

/** The live dashboard: clusters on top, the selected cluster's topology below, refreshed every refreshMs. */
export function App({ ctx, refreshMs, size, title = 'orc', staleAfterMs = 3 * refreshMs, onQuit }: AppProps) {
  const { exit } = useApp();
  const { state, move, refresh } = useDashboardData(ctx, refreshMs);

  const onAction = useCallback(
    (action: DashboardAction) => {
      switch (action.type) {
        case 'move':
          move(action.delta);
          return;
        case 'refresh':
          refresh();
          return;
        case 'quit':
          onQuit?.();
          exit();
          return;
      }
    },
    [move, refresh, onQuit, exit],
  );
  useKeyActions(onAction, DASHBOARD_KEYS);

  const { clusters, selectedName, topology } = state;
  const shownTopology = topology && topology.cluster.name === selectedName ? topology : null;
  const rows = useMemo(() => (shownTopology ? topologyLines(shownTopology.trees, shownTopology.at) : []), [shownTopology]);
  const staleness = shownTopology ? stalenessWarning(shownTopology.trees, shownTopology.at, staleAfterMs) : null;
  const recovery = shownTopology ? recoveryLines(state.recovery, shownTopology.at) : [];
  const seeds = seedLines(state.seeds, state.refreshedAt ?? 0);
  const notices = [...noticeLines({ clusterCount: clusters?.length ?? null, error: state.error, staleness }), ...recovery, ...seeds];
  const clusterCount = clusters?.length ?? 0;
  const plan = planFrame(size, { notices: notices.length, clusters: clusterCount, treeRows: rows.length });
  const selectedSummary = clusters?.find((c) => c.cluster.name === selectedName);
  const width = size.columns;

  return (
    <Box flexDirection="column" width={width}>
      {plan.header && <Header title={title} refreshedAt={state.refreshedAt} nodes={state.nodes} width={width} />}
      <Notices lines={notices.slice(0, plan.notices)} width={width} />
      {clusters && plan.clusterRows > 0 && <ClusterList clusters={clusters} selectedName={selectedName} rows={plan.clusterRows} width={width} />}
      {selectedSummary && plan.treeTitle && (
        <TopologyTree
          title={topologyTitle(clusterLabel(selectedSummary), shownTopology, width)}
          rows={rows}
          budget={plan.treeRows}
          width={width}
        />
      )}
      {plan.help && <HelpLine bindings={DASHBOARD_KEYS} width={width} />}
    </Box>
  );
}
