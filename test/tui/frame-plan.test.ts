import { describe, expect, it } from 'vitest';
import { listWindow, planFrame, type FramePlan } from '../../tui/lib/frame-plan.js';

function used(plan: FramePlan): number {
  return Number(plan.header) + Number(plan.help) + plan.notices + plan.clusterRows + Number(plan.treeTitle) + plan.treeRows;
}

describe('planFrame', () => {
  it('shows everything when the terminal has no row count', () => {
    expect(planFrame({ columns: 100 }, { notices: 2, clusters: 30, treeRows: 50 })).toEqual({
      header: true,
      help: true,
      notices: 2,
      clusterRows: 30,
      treeTitle: true,
      treeRows: 50,
    });
  });

  it('shows everything and keeps a row free when it fits', () => {
    const plan = planFrame({ columns: 100, rows: 11 }, { notices: 1, clusters: 2, treeRows: 4 });
    expect(plan).toMatchObject({ notices: 1, clusterRows: 2, treeRows: 4 });
    expect(used(plan)).toBe(10);
  });

  it('gives the tree most of the room when both overflow, keeping a third for clusters', () => {
    const plan = planFrame({ columns: 100, rows: 24 }, { notices: 0, clusters: 40, treeRows: 40 });
    expect(used(plan)).toBe(23);
    expect(plan.clusterRows).toBe(7);
    expect(plan.treeRows).toBe(13);
  });

  it('gives the clusters what the tree does not need', () => {
    const plan = planFrame({ columns: 100, rows: 24 }, { notices: 0, clusters: 40, treeRows: 3 });
    expect(plan.treeRows).toBe(3);
    expect(plan.clusterRows).toBe(17);
  });

  it('never uses more than rows - 1 and keeps header and help first', () => {
    for (let rows = 0; rows <= 30; rows++) {
      for (const request of [
        { notices: 2, clusters: 5, treeRows: 9 },
        { notices: 0, clusters: 0, treeRows: 0 },
        { notices: 1, clusters: 1, treeRows: 100 },
      ]) {
        const plan = planFrame({ columns: 80, rows }, request);
        expect(used(plan)).toBeLessThanOrEqual(Math.max(0, rows - 1));
        if (rows >= 3) expect(plan.header && plan.help).toBe(true);
        if (rows >= 2 + request.notices + 3 && request.clusters > 0) expect(plan.clusterRows).toBeGreaterThanOrEqual(1);
      }
    }
  });
});

describe('listWindow', () => {
  it('shows the whole list when it fits', () => {
    expect(listWindow(3, 2, 5)).toEqual({ start: 0, end: 3 });
  });

  it('keeps the selected row visible, centred when possible', () => {
    expect(listWindow(20, 0, 5)).toEqual({ start: 0, end: 5 });
    expect(listWindow(20, 10, 5)).toEqual({ start: 8, end: 13 });
    expect(listWindow(20, 19, 5)).toEqual({ start: 15, end: 20 });
    expect(listWindow(20, 5, 0)).toEqual({ start: 0, end: 0 });
  });
});
