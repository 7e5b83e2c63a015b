import { connect } from 'node:net';
import { createConnection } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { freezeServer, killServer, labDown, labUp, startServer, thawServer, type LabInfo } from '../../../ci-env/lab.js';
import { OrcError } from '../../../core/errors.js';
import type { Clock } from '../../../core/ports/clock.js';
import type { Probe } from '../../../core/ports/probe.js';
import { createMysqlProbe, type MysqlProbeOptions } from '../../../core/probe/mysql-probe.js';
import { LAB_PORTS } from '../../support/ports.js';

const NAME = 't-probe';
const PRIMARY = LAB_PORTS.probe;
const REPLICA = PRIMARY + 1;
const NOTHING_LISTENS = PRIMARY + 9;
const primaryKey = { host: '127.0.0.1', port: PRIMARY };
const replicaKey = { host: '127.0.0.1', port: REPLICA };
// Short limits so fault cases finish fast; the deadline sits above the per-step timeouts.
const LIMITS = { connectTimeoutMs: 800, queryTimeoutMs: 800, probeDeadlineMs: 1500 };
const MARGIN_MS = 400;

/** A clock that moves 7 ms per reading, so observedAt and probeMillis prove they come from it. */
function steppingClock(): Clock {
  let t = 1_700_000_000_000;
  return { now: () => (t += 7), monotonic: () => t };
}

async function adminRows(info: LabInfo, port: number, sql: string): Promise<Record<string, unknown>[]> {
  const conn = await createConnection({ host: '127.0.0.1', port, user: info.user, password: info.password, connectTimeout: 2000 });
  try {
    const [rows] = await conn.query({ sql, timeout: 10_000 });
    return rows as Record<string, unknown>[];
  } finally {
    conn.destroy();
  }
}

function tcpRefused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code === 'ECONNREFUSED'));
  });
}

async function failure(promise: Promise<unknown>): Promise<OrcError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof OrcError) return err;
    throw err;
  }
  throw new Error('expected the probe to fail');
}

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - start };
}

describe('mysql probe on a real MariaDB 10.11 pair', () => {
  let info: LabInfo;
  let probe: Probe;
  let options: MysqlProbeOptions;

  beforeAll(async () => {
    await labDown(NAME);
    info = await labUp({ name: NAME, basePort: PRIMARY, replicas: 1, chain: 0 });
    options = { user: info.topologyUser, password: info.topologyPassword, ...LIMITS };
    probe = createMysqlProbe(options, steppingClock());
    await adminRows(info, PRIMARY, 'CREATE TABLE orc_lab.probe_t (id INT PRIMARY KEY)');
    await adminRows(info, PRIMARY, 'INSERT INTO orc_lab.probe_t VALUES (1)');
    const pos = String((await adminRows(info, PRIMARY, 'SELECT @@gtid_binlog_pos AS p'))[0]!['p']);
    await adminRows(info, REPLICA, `SELECT MASTER_GTID_WAIT('${pos}', 10) AS w`);
  });

  afterAll(async () => {
    await probe?.close();
    await labDown(NAME);
  });

  it('probes the primary: flavor, version, server id, writable, GTID position, its replica', async () => {
    const facts = await probe.probe(primaryKey);
    expect(facts).toMatchObject({
      key: primaryKey,
      flavor: 'mariadb',
      majorVersion: '10.11',
      serverId: PRIMARY,
      serverUuid: null,
      readOnly: false,
      superReadOnly: null,
      logBin: true,
      logReplicaUpdates: true,
      binlogFormat: 'ROW',
      replication: [],
      replicas: [replicaKey],
      // The replica's binlog dump thread, seen through the topology user's PROCESS privilege, in the same round trip.
      replicaHints: { dumpHosts: ['127.0.0.1'], unnamedPorts: [] },
    });
    expect(facts.gtid).toMatchObject({ enabled: true, domainId: 0, strict: true, mode: 'ON' });
    expect(facts.gtid.executed).toMatch(new RegExp(`^0-${PRIMARY}-\\d+$`));
    expect(facts.binlogFile).toMatch(/^mariadb-bin\.\d+$/);
    expect(facts.binlogPosition).toBeGreaterThan(0);
    expect(facts.semiSync).toMatchObject({ sourceEnabled: false, replicaEnabled: false });
    expect(facts.uptimeSeconds).toBeGreaterThanOrEqual(0);
    expect(facts.probeMillis).toBe(7);
    expect(facts.observedAt % 7).toBe(1_700_000_000_000 % 7);
  });

  it('probes the replica: read_only, source key, threads, lag 0, same GTID position as the primary', async () => {
    const [primary, replica] = [await probe.probe(primaryKey), await probe.probe(replicaKey)];
    expect(replica).toMatchObject({ serverId: REPLICA, readOnly: true, replicas: [] });
    expect(replica.gtid.executed).toBe(primary.gtid.executed);
    expect(replica.gtid.replicaPos).toBe(primary.gtid.executed);
    expect(replica.replication).toHaveLength(1);
    expect(replica.replication[0]).toMatchObject({
      channel: '',
      source: primaryKey,
      sourceServerId: PRIMARY,
      ioState: 'yes',
      sqlRunning: true,
      lagSeconds: 0,
      lastIoErrno: 0,
      lastSqlErrno: 0,
      gtidUsage: 'slave_pos',
      relayLogApplied: true,
    });
    expect(replica.replication[0]!.heartbeatsReceived).not.toBeNull();
    expect(replica.replication[0]).toMatchObject({ heartbeatPeriodMs: info.heartbeat.periodSeconds * 1000, lastHeartbeatAt: null });
    expect(replica.replicaHints).toEqual({ dumpHosts: [], unnamedPorts: [] });
  });

  it('keeps one connection per instance across probes', async () => {
    for (let i = 0; i < 5; i++) await probe.probe(replicaKey);
    const mine = await adminRows(info, REPLICA, `SELECT ID FROM information_schema.PROCESSLIST WHERE USER = '${info.topologyUser}'`);
    expect(mine).toHaveLength(1);
  });

  it('concurrent probes of one instance all succeed and leave one connection parked', async () => {
    const all = await Promise.all([1, 2, 3].map(() => probe.probe(primaryKey)));
    expect(all.map((f) => f.serverId)).toEqual([PRIMARY, PRIMARY, PRIMARY]);
    const mine = `SELECT ID FROM information_schema.PROCESSLIST WHERE USER = '${info.topologyUser}'`;
    await vi.waitFor(async () => expect(await adminRows(info, PRIMARY, mine)).toHaveLength(1), { timeout: 5000, interval: 20 });
  });

  it('rejects fast with orc_unreachable where nothing listens', async () => {
    const { value: err, ms } = await timed(() => failure(probe.probe({ host: '127.0.0.1', port: NOTHING_LISTENS })));
    expect(err.code).toBe('orc_unreachable');
    expect(err.message).toBe(`127.0.0.1:${NOTHING_LISTENS}: connect ECONNREFUSED`);
    expect(ms).toBeLessThan(200);
  });

  it('a frozen server: rejects within the deadline, again while frozen, and the probe after thaw succeeds', async () => {
    await probe.probe(replicaKey);
    await freezeServer(NAME, REPLICA);
    try {
      // The parked connection hangs: its query timeout fires and the connection is destroyed.
      const first = await timed(() => failure(probe.probe(replicaKey)));
      expect(first.value.code).toBe('orc_unreachable');
      expect(first.value.message).toBe(`127.0.0.1:${REPLICA}: query timed out after ${LIMITS.queryTimeoutMs} ms`);
      expect(first.ms).toBeLessThan(LIMITS.probeDeadlineMs + MARGIN_MS);
      // A fresh connection: TCP connects (the kernel accepts) but the greeting never comes.
      const second = await timed(() => failure(probe.probe(replicaKey)));
      expect(second.value.message).toBe(`127.0.0.1:${REPLICA}: connect ETIMEDOUT`);
      expect(second.ms).toBeLessThan(LIMITS.probeDeadlineMs + MARGIN_MS);
      for (const err of [first.value, second.value]) expect(err.message).not.toContain(info.topologyPassword);
    } finally {
      await thawServer(NAME, REPLICA);
    }
    const after = await probe.probe(replicaKey);
    expect(after.serverId).toBe(REPLICA);
    expect(after.replication[0]?.sqlRunning).toBe(true);
  });

  it('a frozen server: the outer deadline, the abort signal and close() each cut a probe short', async () => {
    const slowSteps = createMysqlProbe({ ...options, connectTimeoutMs: 10_000, queryTimeoutMs: 10_000, probeDeadlineMs: 700 }, steppingClock());
    try {
      await slowSteps.probe(replicaKey);
      await freezeServer(NAME, REPLICA);
      try {
        const byDeadline = await timed(() => failure(slowSteps.probe(replicaKey)));
        expect(byDeadline.value.message).toBe(`127.0.0.1:${REPLICA}: no answer within the 700 ms probe deadline`);
        expect(byDeadline.ms).toBeLessThan(700 + MARGIN_MS);

        const controller = new AbortController();
        setTimeout(() => controller.abort(), 100);
        const byAbort = await timed(() => failure(slowSteps.probe(replicaKey, controller.signal)));
        expect(byAbort.value.code).toBe('orc_unreachable');
        expect(byAbort.value.message).toBe(`127.0.0.1:${REPLICA}: probe aborted`);
        expect(byAbort.ms).toBeLessThan(100 + MARGIN_MS);

        const closing = createMysqlProbe({ ...options, connectTimeoutMs: 10_000, queryTimeoutMs: 10_000, probeDeadlineMs: 10_000 }, steppingClock());
        const byClose = await timed(() => {
          const pending = failure(closing.probe(replicaKey));
          setTimeout(() => void closing.close(), 100);
          return pending;
        });
        expect(byClose.value.message).toBe(`127.0.0.1:${REPLICA}: probe closed`);
        expect(byClose.ms).toBeLessThan(100 + MARGIN_MS);
      } finally {
        await thawServer(NAME, REPLICA);
      }
      expect((await slowSteps.probe(replicaKey)).serverId).toBe(REPLICA);
    } finally {
      await slowSteps.close();
    }
  });

  it('a killed server: the parked connection is dropped and the probe rejects fast with connection refused', async () => {
    await probe.probe(replicaKey);
    await killServer(NAME, REPLICA);
    // killServer can return while the dying process still holds its listening socket (a connect then ends in
    // ECONNRESET): wait until the port refuses, so the probe below meets the state under test.
    await vi.waitFor(() => expect(tcpRefused(REPLICA)).resolves.toBe(true), { timeout: 5000, interval: 10 });
    const { value: err, ms } = await timed(() => failure(probe.probe(replicaKey)));
    expect(err.code).toBe('orc_unreachable');
    expect(err.message).toBe(`127.0.0.1:${REPLICA}: connect ECONNREFUSED`);
    expect(ms).toBeLessThan(300);
    // The primary's view of the world is unchanged; the probe still works there.
    expect((await probe.probe(primaryKey)).serverId).toBe(PRIMARY);
    await startServer(NAME, REPLICA);
    const back = await probe.probe(replicaKey);
    expect(back.serverId).toBe(REPLICA);
    expect(back.uptimeSeconds).toBeLessThan(60);
  });

  it('close() destroys everything and later probes reject', async () => {
    const p = createMysqlProbe(options, steppingClock());
    await p.probe(primaryKey);
    await p.close();
    const err = await failure(p.probe(primaryKey));
    expect(err.message).toBe(`127.0.0.1:${PRIMARY}: probe closed`);
  });
});
