import { freezeServer, killServer, labDown, labUp } from '../ci-env/lab.js';
import type { LabInfo } from '../ci-env/lab-types.js';
import { createWriterTable, idsOn, startLabWriter, type LabWriter } from '../test/support/lab-writer.js';
import { adminQuery, awaitRecovery, startService, until, type RunningService } from '../test/support/service-harness.js';
import { takeover } from '../core/commands/takeover.js';

// bench/failover: N failovers of each kind on a real 4-server lab with a writer running, measuring from the fault
// to detection (recovery registered), to a writable new primary (promote step done) and to every survivor
// replicating from it (polled every 5 ms), plus lost rows. The baseline, run in the same process on the same lab
// shape, is the bare failover a DBA would type once they knew which server to promote (stop, reset, read_only=0,
// repoint): orc's overhead above it is detection and choice.
const NAME = 'orc-bench-failover';
const BASE_PORT = 24600;
const args = new Map(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=') as [string, string]));
const RUNS = Number(args.get('runs') ?? 5);
const KINDS = (args.get('kinds') ?? 'kill,freeze,takeover').split(',');

interface Sample {
  detectionMs: number;
  writableMs: number;
  allReplicatingMs: number;
  lostRows: number;
}

function pct(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function summary(samples: Sample[]) {
  const pick = (k: keyof Sample) => samples.map((s) => s[k]);
  const stat = (k: keyof Sample) => ({ p50: pct(pick(k), 50), p99: pct(pick(k), 99), min: Math.min(...pick(k)), max: Math.max(...pick(k)) });
  return { runs: samples.length, detectionMs: stat('detectionMs'), writableMs: stat('writableMs'), allReplicatingMs: stat('allReplicatingMs'), lostRows: pick('lostRows').reduce((a, b) => a + b, 0) };
}

// Asks only the survivors (a frozen server would hold any question to it for a whole timeout).
async function replicatingFrom(lab: LabInfo, primary: number, exclude: number[]): Promise<boolean> {
  const survivors = lab.instances.filter((i) => i.port !== primary && !exclude.includes(i.port));
  const states = await Promise.all(
    survivors.map(async (i) => {
      const rows = (await adminQuery(lab, i.port, 'SHOW SLAVE STATUS')) as { Slave_IO_Running: string; Slave_SQL_Running: string }[];
      return rows[0]?.Slave_IO_Running === 'Yes' && rows[0]?.Slave_SQL_Running === 'Yes';
    }),
  );
  return states.every(Boolean);
}

/** A fresh lab with the service on it and a writer that has committed 100 rows; everything is removed after run. */
async function withWritingLab<T>(run: (lab: LabInfo, orc: RunningService, writer: LabWriter, primaryPort: number) => Promise<T>): Promise<T> {
  await labDown(NAME);
  const lab = await labUp({ name: NAME, basePort: BASE_PORT });
  const orc = await startService(lab);
  try {
    const primary = lab.instances.find((i) => i.role === 'primary')!;
    await createWriterTable({ port: primary.port, user: lab.user, password: lab.password });
    const writer = startLabWriter({ ports: lab.instances.map((i) => i.port), user: lab.appUser, password: lab.appPassword });
    await writer.waitForCommits(100, 10_000);
    return await run(lab, orc, writer, primary.port);
  } finally {
    await orc.stop();
    await labDown(NAME);
  }
}

async function oneFailover(kind: string): Promise<Sample> {
  return withWritingLab(async (lab, orc, writer, primaryPort) => {
    const primary = { port: primaryPort };
    const faultAt = Date.now();
    if (kind === 'kill') await killServer(NAME, primary.port);
    else await freezeServer(NAME, primary.port);
    const done = until('all survivors replicating from the new primary', async () => {
      const recoveries = await orc.store.listRecoveries();
      const ok = recoveries.find((r) => r.status === 'succeeded');
      return ok && (await replicatingFrom(lab, ok.successor!.port, [primary.port])) ? Date.now() : undefined;
    }, 30_000, 5);
    const allReplicatingAt = await done;
    const recovery = await awaitRecovery(orc.store, 1000);
    const steps = (await orc.store.getRecovery(recovery.id))!.steps;
    const promote = steps.find((s) => s.name.startsWith('promote '))!;
    await writer.waitForCommits(writer.committed.length + 20, 10_000);
    const committed = await writer.stop();
    const onNew = await idsOn(recovery.successor!.port, lab);
    const survivors = lab.instances.filter((i) => i.port !== primary.port);
    let lost = committed.filter((r) => r.port !== primary.port && !onNew.has(r.id)).length;
    for (const s of survivors) lost += [...(await idsOn(s.port, lab))].filter((id) => !onNew.has(id)).length;
    return { detectionMs: recovery.startedAt - faultAt, writableMs: promote.endedAt! - faultAt, allReplicatingMs: allReplicatingAt - faultAt, lostRows: lost };
  });
}

interface TakeoverSample {
  noWriterMs: number;
  orcWindowMs: number;
  totalMs: number;
  lostRows: number;
}

// The no-writer window as the application sees it: its last commit on the old primary to its first on the new one.
async function oneTakeover(): Promise<TakeoverSample> {
  return withWritingLab(async (lab, orc, writer, primaryPort) => {
    const primary = { port: primaryPort };
    const started = performance.now();
    const result = await takeover(orc.commands, lab.name);
    const totalMs = performance.now() - started;
    if (result.recovery.status !== 'succeeded') throw new Error(`takeover failed: ${result.recovery.summary}`);
    const successor = result.recovery.successor!.port;
    await writer.waitForCommits(writer.committed.length + 50, 10_000);
    const committed = await writer.stop();
    const lastOld = committed.filter((r) => r.port === primary.port).at(-1)!;
    const firstNew = committed.find((r) => r.port === successor)!;
    const onNew = await idsOn(successor, lab);
    return { noWriterMs: firstNew.at - lastOld.at, orcWindowMs: result.windowMs ?? -1, totalMs: Math.round(totalMs), lostRows: committed.filter((r) => !onNew.has(r.id)).length };
  });
}

async function baselineManualFailover(): Promise<number> {
  await labDown(NAME);
  const lab = await labUp({ name: NAME, basePort: BASE_PORT });
  try {
    const [primary, candidate, other] = [lab.instances[0]!, lab.instances[1]!, lab.instances[2]!];
    await killServer(NAME, primary.port);
    const started = performance.now();
    await adminQuery(lab, candidate.port, 'STOP SLAVE');
    await adminQuery(lab, candidate.port, 'RESET SLAVE ALL');
    await adminQuery(lab, candidate.port, 'SET GLOBAL read_only = 0');
    await adminQuery(lab, other.port, 'STOP SLAVE');
    await adminQuery(
      lab,
      other.port,
      `CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT=${candidate.port}, MASTER_USER='${lab.replicationUser}', MASTER_PASSWORD='${lab.replicationPassword}', MASTER_USE_GTID=slave_pos`,
    );
    await adminQuery(lab, other.port, 'START SLAVE');
    await until('the repointed replica to run', async () => replicatingFrom(lab, candidate.port, [primary.port]), 10_000, 5);
    return performance.now() - started;
  } finally {
    await labDown(NAME);
  }
}

const results: Record<string, unknown> = {};
for (const kind of KINDS) {
  if (kind === 'takeover') {
    const samples: TakeoverSample[] = [];
    for (let i = 0; i < RUNS; i++) samples.push(await oneTakeover());
    const stat = (k: keyof TakeoverSample) => ({ p50: pct(samples.map((x) => x[k]), 50), p99: pct(samples.map((x) => x[k]), 99) });
    results.takeover = { runs: RUNS, noWriterMs: stat('noWriterMs'), orcWindowMs: stat('orcWindowMs'), totalMs: stat('totalMs'), lostRows: samples.reduce((a, x) => a + x.lostRows, 0), samples };
    continue;
  }
  const samples: Sample[] = [];
  for (let i = 0; i < RUNS; i++) samples.push(await oneFailover(kind));
  results[kind] = { ...summary(samples), samples };
}
const baselineMs = Math.round(await baselineManualFailover());
process.stdout.write(
  `${JSON.stringify(
    {
      bench: 'failover',
      results,
      baselineManualFailoverMs: baselineMs,
      reference: { killAllReplicatingP50Ms: { default5sPolling: 4300, tuned1sPolling: 2700 }, frozenMs: [6700, 7000], takeoverMs: 375, takeoverNoWriterMs: 142 },
      targets: { killAllReplicatingP50Ms: 1000, killAllReplicatingP99Ms: 2000, frozenAllReplicatingMs: 2500, takeoverNoWriterMs: 100, lostRows: 0 },
    },
    null,
    2,
  )}\n`,
);
