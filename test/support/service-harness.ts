import { hostname } from 'node:os';
import { loadConfig, type Config } from '../../core/config.js';
import type { RecoveryRecord } from '../../core/ports/recovery-store.js';
import type { RecoveryCommandContext } from '../../core/commands/recovery-command-context.js';
import { systemClock } from '../../core/ports/clock.js';
import { silentLogger } from '../../core/ports/logger.js';
import { createMysqlProbe } from '../../core/probe/mysql-probe.js';
import { openStore, type OrcStore } from '../../core/store/open-store.js';
import { OrcService } from '../../src/service/orc-service.js';
import { seedDepsFor } from '../../src/service/seed-deps.js';
import { createRecoveryPorts } from '../../src/service/recovery-ports.js';
import { agentClientFor } from '../../src/agent-client/agent-client-factory.js';
import { afterAll, beforeAll } from 'vitest';
import type { ListenAddress } from '../../core/api-config.js';
import { startApi, type RunningApi } from '../../src/api/start-api.js';
import { labDown, labStatus, labUp } from '../../ci-env/lab.js';
import type { LabInfo } from '../../ci-env/lab-types.js';
import { teardown } from './teardown.js';

/** A real orc service (discovery, analysis, recovery) running in the test process against a lab's config. */
export interface RunningService {
  readonly config: Config;
  readonly store: OrcStore;
  readonly service: OrcService;
  /** A command context over the same store and ports, for manual operations (takeover, relocate, ...). */
  readonly commands: RecoveryCommandContext;
  /** The HTTP API when the service was started with one (as `orc serve --listen` does), else null. */
  readonly api: RunningApi | null;
  stop(): Promise<void>;
}

/** How to start the service: with the HTTP API on an address (port 0 picks a free one), as `orc serve --listen`. */
export interface ServiceOptions {
  readonly api?: ListenAddress;
}

/** Polls a condition until it yields a value, failing with `what` after the bound. */
export async function until<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs: number, everyMs = 25): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== null && value !== false) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Starts the service on the lab's own config (SQLite store in the lab dir), with config overrides merged in. */
export async function startService(lab: LabInfo, overrides: (raw: Config) => Config = (c) => c, options: ServiceOptions = {}): Promise<RunningService> {
  const config = overrides(loadConfig(lab.config, {}));
  const store = await openStore(config.store);
  const probe = createMysqlProbe(config.topology, systemClock);
  const ports = createRecoveryPorts(config);
  const agentClient = agentClientFor(config);
  const deps = { config, store, probe, ...ports, agentClient, seeds: seedDepsFor(store, agentClient), clock: systemClock, logger: silentLogger, orcHost: hostname() };
  const service = new OrcService(deps);
  // Started as `orc serve` does: the API first, then the service.
  const api = options.api ? await startApi({ ctx: deps, service, version: 'test', startedAt: Date.now() }, options.api) : null;
  await service.start();
  await until(
    `all ${lab.instances.length} lab servers discovered`,
    async () => (await store.listInstances()).filter((i) => i.reachable).length === lab.instances.length,
    15_000,
  );
  const commands: RecoveryCommandContext = { config, store, probe, ...ports, clock: systemClock, logger: silentLogger, orcHost: hostname(), actor: 'test' };
  return {
    config,
    store,
    service,
    commands,
    api,
    async stop() {
      await api?.close();
      await service.stop();
      await probe.close();
      await store.close();
    },
  };
}

/** Waits for a finished recovery (newest first) matching the predicate. */
export function awaitRecovery(store: OrcStore, timeoutMs: number, match: (r: RecoveryRecord) => boolean = () => true): Promise<RecoveryRecord> {
  return until('a finished recovery', async () => (await store.listRecoveries()).find((r) => r.status !== 'running' && match(r)), timeoutMs);
}

/**
 * Waits until every alive server other than the primary and the excluded ones replicates (IO and SQL running)
 * from it, directly or through a chain of such replicas.
 */
export async function awaitReplicatingFrom(lab: LabInfo, primaryPort: number, exclude: readonly number[], timeoutMs: number): Promise<void> {
  await until(
    `every survivor to replicate from ${primaryPort}`,
    async () => {
      const status = await labStatus(lab.name);
      const byPort = new Map(status.instances.map((i) => [i.port, i]));
      const leadsToPrimary = (port: number, depth = 0): boolean => {
        const i = byPort.get(port);
        const r = i?.replication;
        if (!r || r.ioRunning !== 'Yes' || r.sqlRunning !== 'Yes' || depth > 8) return false;
        return r.masterPort === primaryPort || leadsToPrimary(r.masterPort, depth + 1);
      };
      return status.instances.filter((i) => i.port !== primaryPort && !exclude.includes(i.port)).every((i) => leadsToPrimary(i.port));
    },
    timeoutMs,
  );
}

/** Ports of the lab servers that answer and are writable. */
export async function writablePorts(lab: LabInfo): Promise<number[]> {
  const status = await labStatus(lab.name);
  return status.instances.filter((i) => i.readOnly === false).map((i) => i.port);
}

/** Changes the lab's orc config file (before the service starts): e.g. promotion rules. */
export async function editLabConfig(lab: LabInfo, edit: (raw: Record<string, any>) => void): Promise<void> {
  const { readFile, writeFile } = await import('node:fs/promises');
  const raw = JSON.parse(await readFile(lab.config, 'utf8')) as Record<string, any>;
  edit(raw);
  await writeFile(lab.config, JSON.stringify(raw, null, 2));
}

/** Runs one statement on a lab server as its admin. */
export async function adminQuery(lab: LabInfo, port: number, sql: string): Promise<unknown> {
  const mysql = (await import('mysql2/promise')).default;
  const conn = await mysql.createConnection({ host: '127.0.0.1', port, user: lab.user, password: lab.password });
  try {
    const [rows] = await conn.query(sql);
    return rows;
  } finally {
    await conn.end();
  }
}

/** A lab and an orc service on it for one test file: built in beforeAll, stopped and removed in afterAll. */
export interface LabWithService {
  readonly lab: LabInfo;
  readonly orc: RunningService;
}

/** Registers beforeAll/afterAll hooks that bring up a lab (optionally editing its orc config) and a service on it. */
export function useLabWithService(
  name: string,
  basePort: number,
  editConfig?: (raw: Record<string, any>, lab: LabInfo) => void,
  options: ServiceOptions = {},
): LabWithService {
  let lab: LabInfo | undefined;
  let orc: RunningService | undefined;
  beforeAll(async () => {
    await labDown(name);
    lab = await labUp({ name, basePort });
    if (editConfig) await editLabConfig(lab, (raw) => editConfig(raw, lab!));
    orc = await startService(lab, undefined, options);
  }, 60_000);
  afterAll(() => teardown(() => orc?.stop(), () => labDown(name)));
  return {
    get lab() {
      if (!lab) throw new Error(`lab ${name} is not up`);
      return lab;
    },
    get orc() {
      if (!orc) throw new Error(`no service on lab ${name}`);
      return orc;
    },
  };
}
