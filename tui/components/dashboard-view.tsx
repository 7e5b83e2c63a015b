import { Box } from 'ink';
import type { DashboardState } from '../hooks/use-dashboard-data.js';
import { clusterLabel } from '../lib/cluster-line.js';
import { footerLine } from '../lib/footer-line.js';
import { planFrame, type TerminalSize } from '../lib/frame-plan.js';
import { helpLines } from '../lib/help-lines.js';
import { modalLines } from '../lib/modal-lines.js';
import { noticeLines } from '../lib/notice-lines.js';
import { recoveryLines } from '../lib/recovery-lines.js';
import type { ScreenItem } from '../lib/screen-item.js';
import { SCREENS } from '../lib/screens.js';
import { screenTitle } from '../lib/screen-title.js';
import { seedLines } from '../lib/seed-lines.js';
import { stalenessWarning } from '../lib/staleness.js';
import type { StyledLine } from '../lib/styled-line.js';
import { topologyLines } from '../lib/topology-lines.js';
import { topologyTitle } from '../lib/topology-title.js';
import type { UiState } from '../lib/ui-state.js';
import { ClusterList } from './cluster-list.js';
import { Header } from './header.js';
import { LineView } from './line-view.js';
import { ListScreen } from './list-screen.js';
import { Notices } from './notices.js';
import { TopologyTree } from './topology-tree.js';

/** Everything one frame shows: the data, where the user is, the terminal and the clock. */
export interface DashboardViewProps {
  readonly state: DashboardState;
  readonly ui: UiState;
  /** The rows of the screen on show after the filter; null while its data is not read yet. */
  readonly items: readonly ScreenItem[] | null;
  readonly noun: string;
  readonly size: TerminalSize;
  readonly title: string;
  readonly now: number;
  readonly staleAfterMs: number;
  readonly readOnly: boolean;
  readonly actor: string;
}

/** One frame of the dashboard (no state, no I/O): header, notices, the screen or the open overlay, filter row, footer. */
export function DashboardView({ state, ui, items, noun, size, title, now, staleAfterMs, readOnly, actor }: DashboardViewProps) {
  const width = size.columns;
  const { clusters, selectedName, topology } = state;
  const shownTopology = topology && topology.cluster.name === selectedName ? topology : null;
  const staleness = shownTopology ? stalenessWarning(shownTopology.trees, shownTopology.at, staleAfterMs) : null;
  const onClusters = ui.screen === 'clusters';
  const extra = onClusters ? [...(shownTopology ? recoveryLines(state.recovery, shownTopology.at) : []), ...seedLines(state.seeds, state.refreshedAt ?? 0)] : [];
  const filterRow: StyledLine | null =
    ui.filtering || ui.filter !== '' ? [{ text: `/${ui.filter}${ui.filtering ? '▏' : ''}`, tone: 'accent', bold: true }, { text: ui.filtering ? '  ⏎ keep · Esc clear' : '  Esc clears', tone: 'dim' }] : null;
  const shownDataAgeMs = state.refreshFailed && state.receivedAt !== null ? Math.max(0, now - state.receivedAt) : null;
  const notices = [...noticeLines({ clusterCount: clusters?.length ?? null, error: state.error, staleness, shownDataAgeMs }), ...extra, ...(filterRow ? [filterRow] : [])];
  const overlay = ui.modal ? modalLines(ui.modal, actor) : ui.help ? helpLines(readOnly) : null;
  const limit = size.rows === undefined ? Number.POSITIVE_INFINITY : Math.max(0, size.rows - 1);
  const footer = <LineView line={footerLine(ui.screen, readOnly, width)} width={width} />;
  const header = <Header title={title} refreshedAt={state.refreshedAt} nodes={state.nodes} width={width} />;

  if (overlay) {
    const budget = Math.max(0, limit - 2);
    return (
      <Box flexDirection="column" width={width}>
        {limit >= 1 && header}
        <Notices lines={overlay.slice(0, budget)} width={width} />
        {limit >= 2 && footer}
      </Box>
    );
  }

  if (onClusters) {
    const kept = items && ui.filter !== '' ? new Set(items.map((i) => i.key)) : null;
    const shownClusters = clusters && kept ? clusters.filter((c) => kept.has(c.cluster.name)) : clusters;
    const rows = shownTopology ? topologyLines(shownTopology.trees, shownTopology.at, { lagHistory: state.lagHistory }) : [];
    const plan = planFrame(size, { notices: notices.length, clusters: shownClusters?.length ?? 0, treeRows: rows.length });
    const selectedSummary = clusters?.find((c) => c.cluster.name === selectedName);
    const analysis = new Map((state.analysis ?? []).map((a) => [a.cluster.name, a]));
    return (
      <Box flexDirection="column" width={width}>
        {plan.header && header}
        <Notices lines={notices.slice(0, plan.notices)} width={width} />
        {shownClusters && plan.clusterRows > 0 && (
          <ClusterList clusters={shownClusters} analysis={analysis} now={now} selectedName={selectedName} rows={plan.clusterRows} width={width} />
        )}
        {selectedSummary && plan.treeTitle && (
          <TopologyTree title={topologyTitle(clusterLabel(selectedSummary), shownTopology, width)} rows={rows} budget={plan.treeRows} width={width} />
        )}
        {plan.help && footer}
      </Box>
    );
  }

  const budget = Math.max(0, limit - 2 - notices.length);
  const cursor = Math.min(ui.cursor, Math.max(0, (items?.length ?? 0) - 1));
  const screenName = SCREENS.find((s) => s.id === ui.screen)!.title + (ui.screen === 'topology' && shownTopology ? ` of ${shownTopology.cluster.alias ?? shownTopology.cluster.name}` : '') + (ui.recoveryId ? ` › ${ui.recoveryId}` : '');
  const count = items === null ? '…' : items.length === 0 ? `0 ${noun}` : `${cursor + 1}/${items.length} ${noun}`;
  const readAt = ui.screen === 'topology' ? (shownTopology?.at ?? null) : items === null ? null : state.refreshedAt;
  return (
    <Box flexDirection="column" width={width}>
      {limit >= 1 && header}
      <Notices lines={notices.slice(0, Math.max(0, limit - 2))} width={width} />
      <ListScreen title={screenTitle(screenName, count, readAt, now, ui.filter, width)} items={items} cursor={cursor} budget={budget} width={width} empty={ui.filter ? `nothing matches "${ui.filter}"` : `no ${noun}`} />
      {limit >= 2 && footer}
    </Box>
  );
}
