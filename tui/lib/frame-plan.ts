/** The terminal's size; rows is unknown in some test terminals (then the frame is not limited in height). */
export interface TerminalSize {
  readonly columns: number;
  readonly rows?: number;
}

/** What the frame would like to show, in rows. */
export interface FrameRequest {
  readonly notices: number;
  readonly clusters: number;
  readonly treeRows: number;
}

/** How many rows each part of the frame gets; the sum is at most rows - 1. */
export interface FramePlan {
  readonly header: boolean;
  readonly help: boolean;
  readonly notices: number;
  readonly clusterRows: number;
  readonly treeTitle: boolean;
  readonly treeRows: number;
}

/**
 * Shares the terminal's rows between the parts of the frame, keeping one row free (a frame as tall as the terminal
 * makes Ink clear and redraw everything, which flickers). Header and help come first, then notices, the selected
 * cluster and the tree title; the rest goes to the tree, with at least a third for the cluster list when both
 * overflow.
 */
export function planFrame(size: TerminalSize, request: FrameRequest): FramePlan {
  let left = size.rows === undefined ? Number.POSITIVE_INFINITY : Math.max(0, size.rows - 1);
  const take = (wanted: number): number => {
    const got = Math.min(wanted, left);
    left -= got;
    return got;
  };
  const header = take(1) === 1;
  const help = take(1) === 1;
  const notices = take(request.notices);
  const firstCluster = take(Math.min(1, request.clusters));
  const treeTitle = take(request.clusters > 0 ? 1 : 0) === 1;
  const moreClusters = request.clusters - firstCluster;
  if (request.treeRows + moreClusters <= left) {
    return { header, help, notices, clusterRows: firstCluster + moreClusters, treeTitle, treeRows: request.treeRows };
  }
  const clusterShare = Math.min(moreClusters, Math.floor(left / 3));
  const treeRows = treeTitle ? Math.min(request.treeRows, left - clusterShare) : 0;
  const clusterRows = firstCluster + Math.min(moreClusters, left - treeRows);
  return { header, help, notices, clusterRows, treeTitle, treeRows };
}

/** The slice [start, end) of a list of count rows to show in size rows, keeping the selected row visible. */
export function listWindow(count: number, selected: number, size: number): { start: number; end: number } {
  if (size >= count) return { start: 0, end: count };
  if (size <= 0) return { start: 0, end: 0 };
  const start = Math.min(Math.max(0, selected - Math.floor(size / 2)), count - size);
  return { start, end: start + size };
}
