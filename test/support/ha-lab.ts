import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll } from 'vitest';
import { labDown, labUp } from '../../ci-env/lab.js';
import type { LabInfo } from '../../ci-env/lab-types.js';
import { loadConfig } from '../../core/config.js';
import type { LeaderLease } from '../../core/ports/leader-lease.js';
import { LEADER_LEASE_NAME } from '../../core/service/leader-election.js';
import { openStore, type OrcStore } from '../../core/store/open-store.js';
import { writeLabHook, type LabHook } from './blocking-hook.js';
import type { LabHookPlan } from './lab-with-orc-process.js';
import { startOrcProcess, type OrcProcess } from './orc-process.js';
import { editLabConfig, until } from './service-harness.js';
import { teardown } from './teardown.js';

/** Lease timing of every HA test: a 2 s lease renewed every 0.5 s. */
export const HA_TIMING = Object.freeze({ leaseMs: 2_000, renewMs: 500 });

/** One `orc serve` process of an HA lab, with its own log file. */
export interface HaOrc extends OrcProcess {
  readonly log: string;
  /** The log's lines so far. */
  lines(): string[];
}

/** A topology lab watched by several `orc serve` processes sharing a one-server MariaDB lab as their store. */
export interface HaLab {
  readonly lab: LabInfo;
  readonly storeLab: LabInfo;
  /** The shared store, opened by the test (migrated before any orc starts). */
  readonly store: OrcStore;
  readonly hooks: Readonly<Record<string, LabHook>>;
  /** The store server's port (to kill and start it). */
  readonly storePort: number;
  /** Starts one more `orc serve` (without waiting for it to lead or follow). */
  startOrc(): HaOrc;
  /** The lease's holder pid and lease while the lease is valid by the store's clock, else null. */
  leader(): Promise<{ pid: number; lease: LeaderLease } | null>;
  /** Waits until a leader other than the excluded pids holds a valid lease, bounded. */
  awaitLeader(timeoutMs: number, exclude?: readonly number[]): Promise<{ pid: number; lease: LeaderLease }>;
  /** Waits until every lab server but the excluded ports was probed (reachable) at or after `since`. */
  awaitProbedSince(since: number, exclude: readonly number[], timeoutMs: number): Promise<void>;
}

/** The pid in a lease holder `${name}:${pid}:${random}`. */
export function holderPid(holder: string): number {
  return Number(holder.split(':').at(-2));
}

/**
 * Registers beforeAll/afterAll hooks for an HA lab: the topology lab at basePort, its store on a one-server lab at
 * basePort + 5, hooks by plan; afterwards every orc started is killed by its pid (thawed first) and both labs removed
 * (with HA_KEEP_LOGS set, each orc's log is first copied to /tmp/<name>-<pid>.log for a look after a failure).
 */
export function useHaLab(name: string, basePort: number, hookPlan: LabHookPlan = {}): HaLab {
  const storeName = `${name}-store`;
  let lab: LabInfo | undefined;
  let storeLab: LabInfo | undefined;
  let store: OrcStore | undefined;
  const hooks: Record<string, LabHook> = {};
  const started: HaOrc[] = [];
  const need = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error(`HA lab ${name} is not up`);
    return value;
  };
  const leader = async (): Promise<{ pid: number; lease: LeaderLease } | null> => {
    const s = need(store);
    const lease = await s.getLease(LEADER_LEASE_NAME);
    if (!lease || !(await s.leaseTokenValid({ name: lease.name, holder: lease.holder, epoch: lease.epoch }))) return null;
    return { pid: holderPid(lease.holder), lease };
  };
  beforeAll(async () => {
    await Promise.all([labDown(name), labDown(storeName)]);
    storeLab = await labUp({ name: storeName, basePort: basePort + 5, replicas: 0, chain: 0 });
    lab = await labUp({ name, basePort });
    const server = { host: '127.0.0.1', port: storeLab.instances[0]!.port, user: storeLab.user, password: storeLab.password };
    const database = `orc_${name.replace(/\W/g, '_')}`;
    const admin = await mysql.createConnection(server);
    await admin.query(`DROP DATABASE IF EXISTS \`${database}\``);
    await admin.end();
    for (const [point, mode] of Object.entries(hookPlan)) hooks[point] = writeLabHook(lab.dir, `hook-${point}`, mode === 'block');
    await editLabConfig(lab, (raw) => {
      raw.store = { kind: 'mysql', ...server, database };
      raw.service = { ...HA_TIMING };
      // Debug: every failed lease round is logged, so tests can wait for rounds.
      raw.log = { level: 'debug' };
      raw.recovery = { ...raw.recovery, resumeAfterMs: 3_000 };
      raw.hooks = Object.fromEntries(Object.entries(hooks).map(([point, hook]) => [point, [{ argv: [hook.path], timeoutMs: 300_000 }]]));
    });
    store = await openStore(loadConfig(lab.config, {}).store);
  }, 120_000);
  afterAll(async () => {
    for (const orc of started) {
      try {
        process.kill(orc.pid, 'SIGCONT');
      } catch {
        // Already ended.
      }
      await orc.kill9();
    }
    for (const hook of Object.values(hooks)) hook.release();
    for (const orc of started) if (process.env.HA_KEEP_LOGS) copyFileSync(orc.log, `/tmp/${name}-${orc.pid}.log`);
    await teardown(
      () => store?.close(),
      () => Promise.all([labDown(name), labDown(storeName)]),
    );
  });
  return {
    get lab() {
      return need(lab);
    },
    get storeLab() {
      return need(storeLab);
    },
    get store() {
      return need(store);
    },
    get storePort() {
      return need(storeLab).instances[0]!.port;
    },
    hooks,
    startOrc() {
      const log = join(need(lab).dir, `orc-serve-${started.length + 1}.log`);
      const orc = startOrcProcess(need(lab).config, log);
      const lines = () => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : []);
      const ha = { ...orc, log, lines };
      started.push(ha);
      return ha;
    },
    leader,
    async awaitLeader(timeoutMs, exclude = []) {
      return until('a leader', async () => {
        const now = await leader();
        return now !== null && !exclude.includes(now.pid) ? now : null;
      }, timeoutMs, 20);
    },
    async awaitProbedSince(since, exclude, timeoutMs) {
      const want = need(lab).instances.filter((i) => !exclude.includes(i.port)).map((i) => i.port);
      await until(
        `probes of ${want.join(', ')} since ${since}`,
        async () => {
          const fresh = (await need(store).listInstances()).filter((i) => i.reachable && i.lastCheckedAt >= since).map((i) => i.key.port);
          return want.every((p) => fresh.includes(p));
        },
        timeoutMs,
        100,
      );
    },
  };
}
