import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { orchestrate } from '../core/rollouts/orchestrate.js';
import { newRollout, type Rollout } from '../core/rollouts/rollout.js';
import { RolloutEngine } from '../core/rollouts/rollout-engine.js';
import type { RolloutTarget, TargetReport } from '../core/rollouts/rollout-target.js';
import type { WantedTarget } from '../core/rollouts/wanted-versions.js';
import { openStore } from '../core/store/open-store.js';

// bench/rollout: the time of one orchestration step for 1,000 / 10,000 / 100,000 targets, in memory (the pure step:
// every report checked and ingested, every target decided, a 5 % batch told) and with the SQLite store (load,
// step, write the changes by compare-and-set; cold: every target read, warm: the engine kept them), p50/p99/max over
// several runs. The baselines, measured in the same process on the same data: in memory, a bare loop that builds the
// same name -> wanted version map from the stored targets and answers every report from it; on SQLite, a raw
// better-sqlite3 SELECT of the same rows and columns with no orc code at all. Target: 100,000 targets in under
// 100 ms in memory.
const args = new Map(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=') as [string, string]));
const SIZES = (args.get('sizes') ?? '1000,10000,100000').split(',').map(Number);
const MEMORY_RUNS = Number(args.get('runs') ?? 30);
const SQLITE_RUNS = Number(args.get('sqlite-runs') ?? 10);
const WARMUP = 3;
const TARGET_MS = 100;
const T0 = 1_800_000_000_000;
const KEY = { namespace: 'bench', entity: 'fleet' };

function pct(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

function spread(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50Ms: round(pct(sorted, 50)), p99Ms: round(pct(sorted, 99)), maxMs: round(sorted.at(-1)!), runs: sorted.length };
}

function time(work: () => unknown): number {
  const started = performance.now();
  work();
  return performance.now() - started;
}

async function timeAsync(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

/** n targets on v1 (the good version), stored by name as the stores list them; v2 set and rolling. */
function fleet(n: number): { rollout: Rollout; targets: RolloutTarget[]; reports: TargetReport[] } {
  const targets: RolloutTarget[] = [];
  for (let i = 0; i < n; i++) {
    targets.push({
      name: `replica-${String(i).padStart(7, '0')}`,
      group: i % 2 ? 'east' : 'west',
      version: 'v1',
      isError: false,
      message: '',
      versionChangedAt: T0,
      errorChangedAt: T0,
      reportedAt: T0,
      wantedVersion: 'v1',
      wantedAt: T0,
    });
  }
  const base = newRollout(KEY, T0, { batchPercent: 5, successPercent: 100, successTimeoutSecs: 0, durationTimeoutSecs: 600, steps: null, pauseBetweenSteps: false, progressDeadlineSecs: null });
  const rollout: Rollout = { ...base, targetVersion: 'v2', rollingVersion: 'v2', lastKnownGoodVersion: 'v1', phase: 'progressing', rollingSince: T0, progressAt: T0, revision: 1 };
  const reports = targets.map((t) => ({ name: t.name, group: t.group, version: t.version, isError: false }));
  return { rollout, targets, reports };
}

/** The baseline: the same wanted-version answer from a bare Map, no checks, no decisions. */
function bareLoop(targets: readonly RolloutTarget[], reports: readonly TargetReport[]): WantedTarget[] {
  const wanted = new Map<string, RolloutTarget>();
  for (const t of targets) wanted.set(t.name, t);
  const out: WantedTarget[] = [];
  for (const r of reports) {
    const t = wanted.get(r.name);
    out.push({ name: r.name, group: r.group ?? '', version: t ? t.wantedVersion : r.version, isError: r.isError ?? false, message: r.message ?? '' });
  }
  return out;
}

function memoryBench(n: number) {
  const { rollout, targets, reports } = fleet(n);
  const step = () => orchestrate({ rollout, targets, reports, now: T0 + 1000 });
  const told = step().upserts.length;
  const runs = n >= 100_000 ? Math.max(10, Math.floor(MEMORY_RUNS / 2)) : MEMORY_RUNS;
  for (let i = 0; i < WARMUP; i++) step();
  const stepSamples: number[] = [];
  const baseSamples: number[] = [];
  for (let i = 0; i < runs; i++) {
    // Interleaved, so both see the same machine load.
    stepSamples.push(time(step));
    baseSamples.push(time(() => bareLoop(targets, reports)));
  }
  return { step: spread(stepSamples), baselineBareLoop: spread(baseSamples), toldPerStep: told };
}

/** A SQLite store file holding the fleet, and what seeding it cost. */
async function seededStore(n: number, path: string) {
  const store = await openStore({ kind: 'sqlite', path });
  const { rollout, targets, reports } = fleet(n);
  const seeded = await timeAsync(() => store.saveRollout({ rollout, expectedRevision: 0, upserts: targets, removals: [] }));
  return { store, reports, seeded };
}

/**
 * Steps on SQLite as a controller that converged on the previous answer drives them: cold, a fresh engine per call
 * (every target read: what any node pays after another one wrote); warm, one engine kept (it reads one row when
 * the revision is still its own). The raw baseline reads the same rows and columns with better-sqlite3 alone.
 */
async function sqliteBench(n: number, dir: string) {
  const cold = await seededStore(n, join(dir, `cold-${n}.db`));
  const warm = await seededStore(n, join(dir, `warm-${n}.db`));
  const raw = new Database(join(dir, `cold-${n}.db`), { readonly: true });
  try {
    const select = raw.prepare(
      'select name, group_name, version, is_error, message, version_changed_at, error_changed_at, reported_at, wanted_version, wanted_at from orc_rollout_targets where namespace = ? and entity = ? order by name',
    );
    let now = T0;
    const clock = { now: () => now };
    const kept = new RolloutEngine({ store: warm.store, clock });
    let coldAnswer: readonly TargetReport[] = cold.reports;
    let warmAnswer: readonly TargetReport[] = warm.reports;
    const samples = { cold: [] as number[], warm: [] as number[], raw: [] as number[] };
    const written: number[] = [];
    for (let i = 0; i < WARMUP + SQLITE_RUNS; i++) {
      now += 1000;
      let wrote = 0;
      const coldMs = await timeAsync(async () => {
        const outcome = await new RolloutEngine({ store: cold.store, clock }).orchestrate(KEY, coldAnswer);
        coldAnswer = outcome.wanted;
        wrote = outcome.persisted ? outcome.targets.filter((t) => t.wantedAt === now || t.versionChangedAt === now).length : 0;
      });
      const warmMs = await timeAsync(async () => {
        warmAnswer = (await kept.orchestrate(KEY, warmAnswer)).wanted;
      });
      const rawMs = time(() => select.all(KEY.namespace, KEY.entity));
      if (i < WARMUP) continue;
      samples.cold.push(coldMs);
      samples.warm.push(warmMs);
      samples.raw.push(rawMs);
      written.push(wrote);
    }
    const final = await cold.store.getRollout(KEY);
    return {
      coldLoadStepPersist: spread(samples.cold),
      warmStepPersist: spread(samples.warm),
      baselineRawSelect: spread(samples.raw),
      seedAllTargetsMs: round(cold.seeded),
      targetsWrittenPerStep: { min: Math.min(...written), max: Math.max(...written) },
      afterRuns: { phase: final?.phase, revision: final?.revision, toldV2: coldAnswer.filter((t) => t.version === 'v2').length },
    };
  } finally {
    raw.close();
    await cold.store.close();
    await warm.store.close();
  }
}

const dir = mkdtempSync(join(tmpdir(), 'orc-bench-rollout-'));
try {
  const loadBefore = loadavg();
  const sizes = [];
  for (const n of SIZES) {
    const memory = memoryBench(n);
    const sqlite = await sqliteBench(n, dir);
    sizes.push({
      targets: n,
      memory,
      memoryP50VsBaseline: round(memory.step.p50Ms / memory.baselineBareLoop.p50Ms),
      sqlite,
      sqliteColdP50VsRawSelect: round(sqlite.coldLoadStepPersist.p50Ms / sqlite.baselineRawSelect.p50Ms),
    });
    process.stderr.write(
      `${n} targets: memory p50 ${memory.step.p50Ms} ms (bare loop ${memory.baselineBareLoop.p50Ms} ms), sqlite cold p50 ${sqlite.coldLoadStepPersist.p50Ms} ms, warm p50 ${sqlite.warmStepPersist.p50Ms} ms (raw select ${sqlite.baselineRawSelect.p50Ms} ms)\n`,
    );
  }
  const largest = sizes.find((s) => s.targets === 100_000);
  process.stdout.write(
    `${JSON.stringify(
      {
        bench: 'rollout',
        machine: { cores: cpus().length, loadavgBefore: loadBefore.map(round), loadavgAfter: loadavg().map(round) },
        sizes,
        target: largest ? { memory100kP99UnderMs: TARGET_MS, p99Ms: largest.memory.step.p99Ms, met: largest.memory.step.p99Ms < TARGET_MS } : null,
      },
      null,
      2,
    )}\n`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
