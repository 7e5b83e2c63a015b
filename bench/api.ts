import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, openSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { labDown, labUp } from '../ci-env/lab.js';
import { awaitLogLine } from '../test/support/await-log-line.js';
import { editLabConfig, until } from '../test/support/service-harness.js';
import { runLoad, type LoadResult, type LoadTarget } from './http-load.js';
import { procUsage } from './proc-usage.js';
import { startStaticJsonServer, type StaticJsonServer } from './static-json-server.js';

// bench/api: requests per second and the latency spread (p50/p99/max) of orc serve's HTTP API, run as operators
// run it (a child process on a real 4-server lab, its loops running), for read paths, health, metrics and a
// refused credential, with 1, 8 and 32 keep-alive clients. The baseline, measured in the same run, is a bare
// node:http server answering the bytes of /api/clusters-info: what orc's routing, auth and store reads cost above
// HTTP itself. Every request goes to 127.0.0.1; each scenario is bounded in time and in requests.
const NAME = 'bench-api';
const BASE_PORT = 25100;
const ORC_BIN = fileURLToPath(new URL('../bin/orc.js', import.meta.url));
const args = new Map(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=') as [string, string]));
const DURATION_MS = Number(args.get('duration-ms') ?? 3000);
const MAX_REQUESTS = Number(args.get('max-requests') ?? 30_000);
const CONCURRENCY = (args.get('concurrency') ?? '1,8,32').split(',').map(Number);
const WARMUP_REQUESTS = 300;
const TOKEN = 'bench-api-read-token-0123456789';
const WRONG_TOKEN = 'bench-api-wrong-token-012345678';

const progress = (line: string) => process.stderr.write(`bench:api ${line}\n`);
const auth = (token: string) => ({ authorization: `Bearer ${token}` });

interface Scenario {
  readonly name: string;
  readonly path: string;
  readonly headers?: Record<string, string>;
  readonly expectStatus: number;
}

const SCENARIOS: readonly Scenario[] = [
  { name: 'clusters-info', path: '/api/clusters-info', headers: auth(TOKEN), expectStatus: 200 },
  { name: 'topology', path: `/api/topology/${NAME}`, headers: auth(TOKEN), expectStatus: 200 },
  { name: 'replication-analysis', path: '/api/replication-analysis', headers: auth(TOKEN), expectStatus: 200 },
  { name: 'metrics', path: '/metrics', expectStatus: 200 },
  { name: 'health-ready', path: '/health/ready', expectStatus: 200 },
  { name: 'unauthenticated-401', path: '/api/clusters-info', headers: auth(WRONG_TOKEN), expectStatus: 401 },
];

let orc: ChildProcess | undefined;
let baseline: StaticJsonServer | undefined;
let cleaning: Promise<void> | undefined;
const interrupted = new AbortController();

/** Stops orc serve by its recorded pid (SIGTERM, then SIGKILL after 10 s), the baseline server, and the lab. */
function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    if (orc?.pid !== undefined && orc.exitCode === null && orc.signalCode === null) {
      const exited = once(orc, 'exit');
      process.kill(orc.pid, 'SIGTERM');
      const timer = setTimeout(() => orc?.pid !== undefined && orc.exitCode === null && process.kill(orc.pid, 'SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    await baseline?.close();
    await labDown(NAME);
  })();
  return cleaning;
}

// Every SIGINT is handled (Ctrl-C reaches this process both from the terminal and relayed by tsx's CLI): a process
// left with no SIGINT listener would exit at the second one, leaving the lab up.
process.on('SIGINT', () => {
  if (cleaning) return;
  interrupted.abort();
  progress('interrupted: stopping orc serve and the lab');
  cleanup().then(
    () => process.exit(130),
    (err: unknown) => {
      progress(`cleanup failed: ${(err as Error).stack ?? String(err)}`);
      process.exit(1);
    },
  );
});

async function get(port: number, path: string, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, { headers });
  return { status: res.status, text: await res.text() };
}

/** Spawns `orc serve --listen 127.0.0.1:0` on the lab's config and resolves with the port it logged once bound. */
async function startOrc(config: string, log: string): Promise<number> {
  const fd = openSync(log, 'a');
  try {
    orc = spawn(process.execPath, [ORC_BIN, 'serve', '--config', config, '--listen', '127.0.0.1:0'], { stdio: ['ignore', fd, fd] });
  } finally {
    closeSync(fd);
  }
  const exited = once(orc, 'exit').then(([code, signal]) => Promise.reject(new Error(`orc serve exited (${signal ?? code}) before listening: see ${log}`)));
  exited.catch(() => {}); // it rejects on any exit, also the one cleanup() asks for
  const line = await Promise.race([awaitLogLine(log, /"msg":"api listening"/, 30_000), exited]);
  return (JSON.parse(line) as { port: number }).port;
}

/** Each concurrency level in turn, after a warm-up; for orc, also the CPU time orc serve spent per scenario. */
async function measure(name: string, target: LoadTarget, pid?: number): Promise<(LoadResult & { orcCpuMs?: number; requestsPerOrcCpuSecond?: number | null })[]> {
  const signal = interrupted.signal;
  await runLoad(target, { concurrency: 8, durationMs: DURATION_MS, maxRequests: WARMUP_REQUESTS, signal });
  const rows = [];
  for (const concurrency of CONCURRENCY) {
    signal.throwIfAborted();
    const cpuBefore = pid === undefined ? 0 : procUsage(pid).cpuMs;
    const result = await runLoad(target, { concurrency, durationMs: DURATION_MS, maxRequests: MAX_REQUESTS, signal });
    signal.throwIfAborted();
    if (pid === undefined) rows.push(result);
    else {
      const orcCpuMs = procUsage(pid).cpuMs - cpuBefore;
      rows.push({ ...result, orcCpuMs, requestsPerOrcCpuSecond: orcCpuMs > 0 ? Math.round(result.requests / (orcCpuMs / 1000)) : null });
    }
    progress(`${name} c=${concurrency}: ${result.requestsPerSecond} req/s, p50 ${result.latencyMs.p50} ms, p99 ${result.latencyMs.p99} ms, errors ${result.errors}`);
  }
  return rows;
}

try {
  const loadBefore = loadavg();
  await labDown(NAME);
  progress(`lab ${NAME} up on ${BASE_PORT}..`);
  const lab = await labUp({ name: NAME, basePort: BASE_PORT });
  await editLabConfig(lab, (raw) => {
    raw.api = { tokens: [{ name: 'bench', token: TOKEN, role: 'read' }] };
  });
  const log = join(lab.dir, 'orc-serve.log');
  const port = await startOrc(lab.config, log);
  const pid = orc!.pid!;
  progress(`orc serve pid ${pid} listening on 127.0.0.1:${port} (log ${log})`);
  await until('orc serve to be ready', async () => (await get(port, '/health/ready')).status === 200, 30_000, 100);
  await until(
    `orc serve to know all ${lab.instances.length} lab servers`,
    async () => (JSON.parse((await get(port, `/api/cluster/${NAME}`, auth(TOKEN))).text) as { instances?: unknown[] }).instances?.length === lab.instances.length,
    30_000,
    100,
  );

  const orcBefore = procUsage(pid);
  const results: Record<string, unknown> = {};
  for (const s of SCENARIOS) results[s.name] = { path: s.path, expectStatus: s.expectStatus, runs: await measure(s.name, { port, ...s }, pid) };
  const orcAfter = procUsage(pid);

  const clustersInfo = await get(port, '/api/clusters-info', auth(TOKEN));
  baseline = await startStaticJsonServer(clustersInfo.text);
  const baselineRuns = await measure('baseline', { port: baseline.port, path: '/api/clusters-info', expectStatus: 200 });
  const orcRuns = (results['clusters-info'] as { runs: LoadResult[] }).runs;
  const vsBaseline = orcRuns.map((r, i) => ({
    concurrency: r.concurrency,
    requestsPerSecondRatio: Math.round((r.requestsPerSecond / baselineRuns[i]!.requestsPerSecond) * 100) / 100,
    p99RatioVsBaseline: Math.round((r.latencyMs.p99 / baselineRuns[i]!.latencyMs.p99) * 100) / 100,
  }));

  process.stdout.write(
    `${JSON.stringify(
      {
        bench: 'api',
        machine: { cores: cpus().length, loadavgBefore: loadBefore.map((l) => Math.round(l * 100) / 100), loadavgAfter: loadavg().map((l) => Math.round(l * 100) / 100) },
        bounds: { durationMsPerRun: DURATION_MS, maxRequestsPerRun: MAX_REQUESTS, concurrency: CONCURRENCY, warmupRequests: WARMUP_REQUESTS },
        lab: { servers: lab.instances.length, clustersInfoBytes: Buffer.byteLength(clustersInfo.text) },
        orcServe: { pid, rssKiBBefore: orcBefore.rssKiB, rssKiBAfter: orcAfter.rssKiB, peakRssKiB: orcAfter.peakRssKiB, cpuMsDuringLoad: orcAfter.cpuMs - orcBefore.cpuMs },
        results,
        baselineStaticJson: { path: 'same bytes as /api/clusters-info from a bare node:http server', runs: baselineRuns },
        clustersInfoVsBaseline: vsBaseline,
      },
      null,
      2,
    )}\n`,
  );
} finally {
  await cleanup();
}
