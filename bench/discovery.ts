import mysql from 'mysql2/promise';
import { cpus } from 'node:os';
import { labDown, labUp } from '../ci-env/lab.js';
import { createMysqlProbe } from '../core/probe/mysql-probe.js';
import { systemClock } from '../core/ports/clock.js';
import type { InstanceKey } from '../core/model/instance-key.js';

// bench/discovery: probe latency (p50/p99) and probes per second per core on a real 4-server lab, compared with
// a baseline measured in the same process: one `SELECT 1` on a fresh mysql2 connection per call, which is the
// least any probe that must not reuse a connection to a sick server can cost.
const NAME = 'orc-bench-discovery';
const BASE_PORT = 24500;
const args = new Map(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=') as [string, string]));
const SAMPLES = Number(args.get('samples') ?? 400);
const CONCURRENCY = Number(args.get('concurrency') ?? 16);
const THROUGHPUT_PROBES = Number(args.get('probes') ?? 2000);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function latency(keys: InstanceKey[], once: (k: InstanceKey) => Promise<unknown>) {
  const samples: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const started = performance.now();
    await once(keys[i % keys.length]!);
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  return { p50Ms: round(percentile(samples, 50)), p99Ms: round(percentile(samples, 99)), samples: samples.length };
}

async function throughput(keys: InstanceKey[], once: (k: InstanceKey) => Promise<unknown>) {
  let next = 0;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < THROUGHPUT_PROBES) {
        const i = next++;
        await once(keys[i % keys.length]!);
      }
    }),
  );
  const wallS = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuS = (cpu.user + cpu.system) / 1e6;
  return {
    concurrency: CONCURRENCY,
    probes: THROUGHPUT_PROBES,
    probesPerSecond: round(THROUGHPUT_PROBES / wallS),
    probesPerCpuSecond: round(THROUGHPUT_PROBES / cpuS),
    clientCpuSeconds: round(cpuS),
  };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

const lab = await labUp({ name: NAME, basePort: BASE_PORT });
try {
  const keys = lab.instances.map((i) => ({ host: i.host, port: i.port }));
  const probe = createMysqlProbe(
    { user: lab.topologyUser, password: lab.topologyPassword, connectTimeoutMs: 1000, queryTimeoutMs: 2000, probeDeadlineMs: 3000 },
    systemClock,
  );
  const baselineOnce = async (k: InstanceKey) => {
    const conn = await mysql.createConnection({ host: k.host, port: k.port, user: lab.topologyUser, password: lab.topologyPassword });
    await conn.query('SELECT 1');
    await conn.end();
  };
  const probeOnce = (k: InstanceKey) => probe.probe(k);
  await latency(keys, probeOnce); // warm-up: JIT and connections
  const result = {
    bench: 'discovery',
    servers: keys.length,
    machineCores: cpus().length,
    probe: { latency: await latency(keys, probeOnce), throughput: await throughput(keys, probeOnce) },
    baselineFreshConnectionSelect1: { latency: await latency(keys, baselineOnce), throughput: await throughput(keys, baselineOnce) },
  };
  await probe.close();
  const ratio = result.probe.latency.p50Ms / result.baselineFreshConnectionSelect1.latency.p50Ms;
  process.stdout.write(`${JSON.stringify({ ...result, probeP50VsBaseline: round(ratio) }, null, 2)}\n`);
} finally {
  await labDown(NAME);
}
