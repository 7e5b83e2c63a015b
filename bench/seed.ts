import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findProgram } from '../ci-env/find-program.js';
import { labDown, labUp } from '../ci-env/lab.js';
import type { LabInfo, LabInstance } from '../ci-env/lab-types.js';
import type { SeedMethod } from '../core/seeds/seed-method.js';
import { openStore, type OrcStore } from '../core/store/open-store.js';
import { loadConfig } from '../core/config.js';
import { createHttpAgentClient } from '../src/agent-client/http-agent-client.js';
import { fillSeedData } from '../test/support/seed-data.js';
import { startOrcProcess } from '../test/support/orc-process.js';
import { orc } from '../test/support/run-orc.js';
import { adminQuery, until } from '../test/support/service-harness.js';

// bench/seed: the same data set copied from a lab primary to an empty spare, N times per method, by orc (`orc serve`
// as its own process driving two `orc agent` processes) and by the raw pipe a DBA would type with no orc at all
// (mariabackup --stream | mbstream; mariadb-dump | mariadb), in the same run on the same machine. Throughput is the
// data set's size over the copy's duration: for orc, from the moment the Backup stage was called to the moment the
// backup-side agent reported it completed (the agent's own clock; the tick that notices it later is not counted),
// so both sides time the same work: reading, streaming and writing the copy.
const NAME = 'orc-bench-seed';
const BASE_PORT = 25300;
const args = new Map(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=') as [string, string]));
const RUNS = Number(args.get('runs') ?? 3);
const DATA_MB = Number(args.get('mb') ?? 200);
const METHODS = (args.get('methods') ?? 'mariabackup,dump').split(',') as SeedMethod[];
const TARGET_RATIO = 0.9;

function pct(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function spread(values: readonly number[]) {
  const round = (v: number) => Math.round(v * 10) / 10;
  return { p50: round(pct(values, 50)), p99: round(pct(values, 99)), min: round(Math.min(...values)), max: round(Math.max(...values)) };
}

function program(name: string): string {
  const path = findProgram(name);
  if (!path) throw new Error(`bench/seed needs ${name}`);
  return path;
}

/** Runs producer | consumer with the producer's stdout handed to the consumer directly (no copy through this process); ms. */
async function rawPipe(producer: readonly string[], consumer: readonly string[]): Promise<number> {
  const started = performance.now();
  const sink = spawn(consumer[0]!, consumer.slice(1), { stdio: ['pipe', 'ignore', 'pipe'] });
  const source = spawn(producer[0]!, producer.slice(1), { stdio: ['ignore', sink.stdin, 'pipe'] });
  // The producer holds the pipe's write end now; ours must close, or the consumer never sees the end of it.
  sink.stdin.destroy();
  const errors: string[] = [];
  for (const child of [sink, source]) child.stderr?.on('data', (d: Buffer) => errors.push(d.toString()));
  const [[sourceCode], [sinkCode]] = await Promise.all([once(source, 'exit'), once(sink, 'exit')]);
  if (sourceCode !== 0 || sinkCode !== 0) throw new Error(`raw pipe failed (${sourceCode}, ${sinkCode}): ${errors.join('').slice(-400)}`);
  return performance.now() - started;
}

/** The raw physical copy into an empty directory: mariabackup's stream straight into mbstream. */
async function rawPhysical(primary: LabInstance): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'orc-bench-raw-'));
  try {
    return await rawPipe(
      [program('mariabackup'), `--defaults-file=${primary.cnf}`, '--backup', '--stream=xbstream', `--target-dir=${dir}/tmp`],
      [program('mbstream'), '-x', '-C', dir],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The raw logical copy: mariadb-dump of the primary loaded into the spare with binary logging off, then dropped again. */
async function rawLogical(lab: LabInfo, primary: LabInstance, spare: LabInstance): Promise<number> {
  const ms = await rawPipe(
    [program('mariadb-dump'), `--defaults-file=${primary.cnf}`, '--single-transaction', '--gtid', '--master-data=1', '--databases', 'seeddata'],
    [program('mariadb'), `--defaults-file=${spare.cnf}`, '--init-command=SET SESSION sql_log_bin=0'],
  );
  await adminQuery(lab, spare.port, 'SET SESSION sql_log_bin=0');
  await dropSeedData(lab, spare);
  return ms;
}

async function dropSeedData(lab: LabInfo, spare: LabInstance): Promise<void> {
  const mysql = (await import('mysql2/promise')).default;
  const conn = await mysql.createConnection({ host: '127.0.0.1', port: spare.port, user: lab.user, password: lab.password });
  try {
    await conn.query('SET SESSION sql_log_bin=0');
    await conn.query('DROP DATABASE IF EXISTS seeddata');
  } finally {
    await conn.end();
  }
}

/** One seed through orc; the Backup stage's duration as the agents saw it, and the whole seed's. */
async function orcSeed(lab: LabInfo, store: OrcStore, method: SeedMethod, primary: LabInstance, spare: LabInstance) {
  const run = await orc('seed', 'start', '--config', lab.config, '--method', method, '--source', `127.0.0.1:${primary.port}`, '--target', `127.0.0.1:${spare.port}`);
  if (run.code !== 0) throw new Error(`orc seed start failed: ${run.err}`);
  const id = run.out.trim();
  const seed = await until(`seed ${id} to end`, async () => {
    const s = await store.getSeed(id);
    return s && (s.status === 'Completed' || s.status === 'Failed') ? s : null;
  }, 600_000, 50);
  if (seed.status !== 'Completed') throw new Error(`seed ${id} ${seed.status}: ${seed.error}`);
  const called = (await store.listSeedStates(id)).find((r) => r.stage === 'Backup' && r.status === 'Running')!;
  const side = method === 'dump' ? spare : primary;
  const agent = lab.agents.find((a) => a.serverPort === side.port)!;
  const status = await createHttpAgentClient({ token: lab.agentToken!, requestTimeoutMs: 5000 }).stageStatus({ url: agent.url }, id, 'Backup');
  // Made a plain server again (not a replica) so the next seed may target it.
  await adminQuery(lab, spare.port, 'STOP SLAVE');
  await adminQuery(lab, spare.port, 'RESET SLAVE ALL');
  return { backupMs: status.updatedAt - called.at, seedMs: seed.endedAt! - seed.createdAt, streamedBytes: status.bytes };
}

async function main(): Promise<void> {
  await labDown(NAME);
  const lab = await labUp({ name: NAME, basePort: BASE_PORT, replicas: 0, chain: 0, spares: 1, agents: true });
  const primary = lab.instances.find((i) => i.role === 'primary')!;
  const spare = lab.instances.find((i) => i.role === 'spare')!;
  const service = startOrcProcess(lab.config, join(lab.dir, 'orc-serve.log'));
  const store = await openStore(loadConfig(lab.config, {}).store);
  try {
    const dataBytes = await fillSeedData({ port: primary.port, user: lab.user, password: lab.password }, DATA_MB);
    await until('both agents registered with orc serve', async () => (await store.listAgents()).length === 2, 60_000, 100);
    const results: Record<string, unknown> = {};
    for (const method of METHODS) {
      const raw: number[] = [];
      const orcRate: number[] = [];
      const seedSeconds: number[] = [];
      // One unmeasured raw copy first, so neither side alone pays for a cold page cache.
      if (method === 'dump') await rawLogical(lab, primary, spare);
      else await rawPhysical(primary);
      // Interleaved so a slower moment of the machine hits both sides alike.
      for (let i = 0; i < RUNS; i++) {
        const rawMs = method === 'dump' ? await rawLogical(lab, primary, spare) : await rawPhysical(primary);
        raw.push(dataBytes / 1e6 / (rawMs / 1000));
        const seeded = await orcSeed(lab, store, method, primary, spare);
        orcRate.push(dataBytes / 1e6 / (seeded.backupMs / 1000));
        seedSeconds.push(seeded.seedMs / 1000);
      }
      const ratio = Math.round((pct(orcRate, 50) / pct(raw, 50)) * 100) / 100;
      results[method] = {
        rawMBps: spread(raw),
        orcMBps: spread(orcRate),
        ratio,
        wholeSeedSeconds: spread(seedSeconds),
        ...(method === 'mariabackup' ? { target: TARGET_RATIO, met: ratio >= TARGET_RATIO } : {}),
      };
    }
    process.stdout.write(`${JSON.stringify({ bench: 'seed', runs: RUNS, dataMB: Math.round(dataBytes / 1e6), methods: results }, null, 2)}\n`);
  } finally {
    await store.close();
    await service.stop();
    await labDown(NAME);
  }
}

await main();
