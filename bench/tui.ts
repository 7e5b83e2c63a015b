import { render, Text, type Instance } from 'ink';
import { EventEmitter } from 'node:events';
import { cpus, loadavg } from 'node:os';
import { createElement, type ReactElement } from 'react';
import { parseInstanceKey } from '../core/model/instance-key.js';
import { DashboardView } from '../tui/components/dashboard-view.js';
import type { DashboardState } from '../tui/hooks/use-dashboard-data.js';
import { appendLagSamples } from '../tui/lib/lag-history.js';
import { loadDashboard, type DashboardSnapshot } from '../core/commands/load-dashboard.js';
import { filterItems } from '../tui/lib/screen-item.js';
import { screenItems } from '../tui/lib/screen-items.js';
import type { ScreenId } from '../tui/lib/screens.js';
import { INITIAL_UI } from '../tui/lib/ui-state.js';
import { MemoryStore } from '../test/support/memory-store.js';
import { TEST_CONFIG } from '../test/support/test-config.js';
import { channel, facts } from '../test/tui/fixtures/topology.js';

// bench/tui: the time to render one dashboard frame (p50/p99/max over many frames, the cursor moving so every frame
// differs) for 1,000 and 10,000 servers in clusters of 10 (synthetic rows in the in-memory store fake: lag on some
// replicas, one replica down in every 7th cluster, the primary down in every 13th), per screen, through the same DashboardView and screen rows the
// App renders, written by Ink to a fake 120x40 terminal. The baseline, in the same process: a one-line Ink frame,
// i.e. what Ink and React cost by themselves. Also the data load per refresh (loadDashboard through the core
// commands: listClusters runs the pure analysis of every cluster on every refresh, the clusters and problems screens
// run it once more through clusterAnalysis) and the heap those rows and frames take. Target: < 50 ms per frame at
// 1,000 servers.
const args = new Map(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=') as [string, string]));
const SIZES = (args.get('sizes') ?? '1000,10000').split(',').map(Number);
const FRAMES = Number(args.get('frames') ?? 200);
const LOADS = Number(args.get('loads') ?? 10);
const CLUSTER_SIZE = 10;
const TARGET_MS = 50;
const T0 = 1_800_000_000_000;
const SCREENS: readonly ScreenId[] = ['clusters', 'topology', 'problems'];

const progress = (line: string) => process.stderr.write(`bench:tui ${line}\n`);

function pct(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
const round = (n: number) => Math.round(n * 100) / 100;
function spread(samples: readonly number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50Ms: round(pct(sorted, 50)), p99Ms: round(pct(sorted, 99)), maxMs: round(sorted.at(-1)!), runs: sorted.length };
}
const mib = (bytes: number) => round(bytes / 1024 / 1024);
function heapUsed(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed;
}

/** A terminal stand-in: counts the frames Ink writes. */
class FakeTerminal extends EventEmitter {
  readonly columns = 120;
  readonly rows = 40;
  readonly isTTY = true;
  writes = 0;
  write(_chunk: string): boolean {
    this.writes++;
    return true;
  }
}

async function syntheticStore(servers: number): Promise<MemoryStore> {
  const store = new MemoryStore();
  for (let c = 0; c * CLUSTER_SIZE < servers; c++) {
    const base = 10_000 + c * CLUSTER_SIZE;
    const primary = `10.0.${c % 250}.${Math.floor(c / 250)}:${base}`;
    const host = primary.split(':')[0]!;
    const cluster = primary;
    await store.recordObservation({ clusterName: cluster, facts: facts(primary, T0) });
    for (let r = 1; r < CLUSTER_SIZE && c * CLUSTER_SIZE + r < servers; r++) {
      const key = `${host}:${base + r}`;
      // Every third replica hangs below the first one, so the trees have depth.
      const source = r > 1 && r % 3 === 0 ? `${host}:${base + 1}` : primary;
      if (c % 7 === 0 && r === CLUSTER_SIZE - 1) {
        await store.recordObservation({ clusterName: cluster, facts: facts(key, T0 - 60_000, channel(source)) });
        await store.recordProbeFailure({ key: parseInstanceKey(key), at: T0, error: 'orc_unreachable: connect ECONNREFUSED' }, cluster);
      } else {
        await store.recordObservation({ clusterName: cluster, facts: facts(key, T0, channel(source, { lagSeconds: (r * c) % 40 })) });
      }
    }
    if (c % 13 === 5) await store.recordProbeFailure({ key: parseInstanceKey(primary), at: T0, error: 'orc_unreachable: timeout' }, cluster);
    await store.upsertCluster({ name: cluster, alias: `cluster-${String(c).padStart(4, '0')}`, primary: parseInstanceKey(primary), updatedAt: T0 });
  }
  return store;
}

function stateOf(snapshot: DashboardSnapshot): DashboardState {
  const lag = snapshot.topology ? appendLagSamples(new Map(), new Map(), snapshot.topology.trees) : null;
  return { ...snapshot, refreshFailed: false, receivedAt: snapshot.refreshedAt, lagHistory: lag?.history ?? new Map(), rates: new Map() };
}

/**
 * Renders frames one after another through Ink to the fake terminal, timing each from the update to its write: wall
 * time, and CPU time (user + system), which a machine shared with other work inflates far less.
 */
function timeFrames(element: (i: number) => ReactElement, frames: number): { wall: number[]; cpu: number[] } {
  const stdout = new FakeTerminal();
  const stdin = Object.assign(new EventEmitter(), { isTTY: true, setRawMode: () => undefined, setEncoding: () => undefined, ref: () => undefined, unref: () => undefined, read: () => null });
  const instance: Instance = render(element(0), { stdout: stdout as never, stdin: stdin as never, debug: true, exitOnCtrlC: false, patchConsole: false });
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 1; i <= frames + 5; i++) {
    const before = stdout.writes;
    const c = process.cpuUsage();
    const t = performance.now();
    instance.rerender(element(i));
    const ms = performance.now() - t;
    const used = process.cpuUsage(c);
    if (stdout.writes === before) throw new Error('Ink did not write the frame synchronously: the timing would miss it');
    if (i > 5) {
      wall.push(ms);
      cpu.push((used.user + used.system) / 1000);
    }
  }
  instance.unmount();
  return { wall, cpu };
}

async function timeLoads(store: MemoryStore, screen: ScreenId, wanted: string): Promise<number[]> {
  const ctx = { store, clock: { now: () => T0, monotonic: () => T0 }, config: TEST_CONFIG };
  const samples: number[] = [];
  for (let i = 0; i < LOADS + 1; i++) {
    const t = performance.now();
    await loadDashboard(ctx, wanted, 0, { screen, recoveryId: null });
    if (i > 0) samples.push(performance.now() - t);
  }
  return samples;
}

const size = { columns: 120, rows: 40 };
progress('baseline: a one-line Ink frame');
const baselineFrames = timeFrames((i) => createElement(Text, null, `frame ${i}`), FRAMES);
const baseline = { wall: spread(baselineFrames.wall), cpu: spread(baselineFrames.cpu) };
const results = [];
for (const servers of SIZES) {
  const heapBefore = heapUsed();
  progress(`${servers} servers: building the store`);
  const store = await syntheticStore(servers);
  const heapStore = heapUsed();
  const ctx = { store, clock: { now: () => T0, monotonic: () => T0 }, config: TEST_CONFIG };
  const firstCluster = (await store.listClusters()).sort((a, b) => (a.alias ?? '').localeCompare(b.alias ?? ''))[0]!.name;
  const perScreen: Record<string, unknown> = {};
  for (const screen of SCREENS) {
    progress(`${servers} servers: ${screen} load`);
    const load = spread(await timeLoads(store, screen, firstCluster));
    const state = stateOf(await loadDashboard(ctx, firstCluster, 0, { screen, recoveryId: null }));
    progress(`${servers} servers: ${screen} frames`);
    const frames = timeFrames((i) => {
        // What the App does per frame: the screen's rows (not memoised here, so every frame pays for them), then the view.
        const rows = screenItems(screen, state, null, T0 + i, 30_000, '');
        const items = rows.items ? filterItems(rows.items, '') : null;
        const count = items?.length ?? 1;
        const names = state.clusters?.map((c) => c.cluster.name) ?? [];
        const selected = screen === 'clusters' ? { ...state, selectedName: names[i % names.length] ?? null } : state;
        return createElement(DashboardView, { state: selected, ui: { ...INITIAL_UI, screen, cursor: i % count }, items, noun: rows.noun, size, title: 'orc bench', now: T0 + i, staleAfterMs: 30_000, readOnly: false, actor: 'tui:bench' });
      }, FRAMES);
    const frame = { wall: spread(frames.wall), cpu: spread(frames.cpu) };
    perScreen[screen] = { frame, load, rows: state.analysis ? state.analysis.reduce((n, a) => n + a.findings.length, 0) : undefined };
  }
  const heapAfter = heapUsed();

  results.push({
    servers,
    clusters: Math.ceil(servers / CLUSTER_SIZE),
    screens: perScreen,
    heapMiB: { store: mib(heapStore - heapBefore), storePlusFramesAndState: mib(heapAfter - heapBefore) },
    rssMiB: mib(process.memoryUsage().rss),
    // The target is judged on the median wall time and the p99 CPU time: wall-time tails on a shared machine measure the neighbours.
    withinTarget: SCREENS.every((s) => {
      const f = (perScreen[s] as { frame: { wall: { p50Ms: number }; cpu: { p99Ms: number } } }).frame;
      return f.wall.p50Ms < TARGET_MS && f.cpu.p99Ms < TARGET_MS;
    }),
  });
  await store.close();
}
process.stdout.write(
  `${JSON.stringify(
    {
      bench: 'tui',
      targetMsPerFrameAt1000: TARGET_MS,
      framesPerScreen: FRAMES,
      loadsPerScreen: LOADS,
      terminal: size,
      // React's development build (NODE_ENV unset) is several times slower; orc's launcher runs the production one.
      nodeEnv: process.env.NODE_ENV ?? null,
      gcExposed: typeof (globalThis as { gc?: unknown }).gc === 'function',
      baselineOneLineFrame: baseline,
      results,
      machine: { cpus: cpus().length, loadavg: loadavg().map(round), node: process.version },
    },
    null,
    2,
  )}\n`,
);
