import mysql from 'mysql2/promise';
import { describe, expect, it } from 'vitest';
import { fleetLabQueries } from './fleet-lab-queries.js';
import { useLabWithOrcProcess } from '../../support/lab-with-orc-process.js';
import { createWriterTable, startLabWriter } from '../../support/lab-writer.js';
import type { OrcProcess } from '../../support/orc-process.js';
import { LAB_PORTS } from '../../support/ports.js';
import { orc } from '../../support/run-orc.js';
import { until } from '../../support/service-harness.js';

const BASE = LAB_PORTS.fleetRollout;
const PRIMARY = `127.0.0.1:${BASE}`;
const REPLICAS = [1, 2, 3].map((i) => `127.0.0.1:${BASE + i}`);

describe('fleet rollouts on a lab of a primary and 3 replicas', () => {
  const setup = useLabWithOrcProcess('t-fleet-rollout', BASE, {}, (raw) => {
    raw.rollouts = { tickMs: 200 };
    raw.discovery = { ...raw.discovery, pollIntervalMs: 500 };
  }, { replicas: 3, chain: 0 });
  const { globalOf, start, fleetOf, ended } = fleetLabQueries(setup, PRIMARY);
  let serve: OrcProcess;

  async function sqlRunning(server: string): Promise<boolean> {
    const conn = await mysql.createConnection({ host: '127.0.0.1', port: Number(server.split(':')[1]), user: setup.lab.user, password: setup.lab.password });
    try {
      const [rows] = await conn.query('SHOW SLAVE STATUS');
      return (rows as { Slave_SQL_Running: string }[])[0]?.Slave_SQL_Running === 'Yes';
    } finally {
      await conn.end();
    }
  }

  it('rolls a variable across the 3 replicas in batches of 1 and completes', async () => {
    serve = await setup.startOrc(4);
    const before = await globalOf(PRIMARY, 'slave_net_timeout');
    const id = await start('--change', 'slave_net_timeout=7', '--batch-size', '1', '--soak', '1', '--gate-timeout', '20');
    expect(id).toMatch(/^r-[0-9a-z]{10}$/);
    expect((await ended(id, 45_000)).phase).toBe('completed');
    for (const r of REPLICAS) expect(await globalOf(r, 'slave_net_timeout')).toBe('7');
    expect(await globalOf(PRIMARY, 'slave_net_timeout')).toBe(before);
    const f = await fleetOf(id);
    expect(f.steps.map((s) => `${s.server} ${s.action} ${s.outcome}`)).toEqual(REPLICAS.map((r) => `${r} apply ok`));
    // Batches of one: each replica was changed only after the one before it passed its 1 s soak.
    for (let i = 1; i < f.steps.length; i++) expect(f.steps[i]!.at - f.steps[i - 1]!.at).toBeGreaterThan(1000);
    const shown = await orc('rollout', 'show', id, '--json', '--config', setup.lab.config);
    expect(JSON.parse(shown.out)).toMatchObject({ id, rollout: { phase: 'completed', lastKnownGoodVersion: 'after' }, fleet: { cluster: PRIMARY, done: true } });
    const listed = await orc('rollout', 'list', '--config', setup.lab.config);
    expect(listed.out).toMatch(new RegExp(`${id}\\s+completed`));
    const actions = (await setup.store.listAudit({ limit: 200 })).filter((a) => a.target.startsWith(`orc/${id}`)).map((a) => a.action);
    expect(actions).toContain('rollout-completed');
    expect(actions.filter((a) => a === 'rollout-server-changed')).toHaveLength(3);
  }, 90_000);

  it('detects a change that breaks replication on the first replica, rolls it back and never touches the others', async () => {
    await createWriterTable({ port: BASE, user: setup.lab.user, password: setup.lab.password });
    const writer = startLabWriter({ ports: [BASE], user: setup.lab.appUser, password: setup.lab.appPassword, intervalMs: 50 });
    try {
      // slave_max_statement_time of 1 us aborts every replicated statement: the SQL thread stops with error 4192.
      const id = await start('--change', 'slave_max_statement_time=0.000001', '--batch-size', '1', '--soak', '2', '--gate-timeout', '3');
      const r = await ended(id, 45_000);
      expect(r).toMatchObject({ phase: 'rolled-back', lastKnownBadVersion: 'after' });
      const f = await fleetOf(id);
      expect(f.steps.map((s) => `${s.server} ${s.action} ${s.outcome}`)).toEqual([`${REPLICAS[0]} apply ok`, `${REPLICAS[0]} restore ok`]);
      expect(f.steps[1]!.detail).toContain('replication restarted');
      expect(f.servers[0]!.previous).toEqual({ slave_max_statement_time: '0' });
      for (const server of REPLICAS) expect(Number(await globalOf(server, 'slave_max_statement_time'))).toBe(0);
      await until(`${REPLICAS[0]} to replicate again`, () => sqlRunning(REPLICAS[0]!), 10_000, 100);
      const audit = (await setup.store.listAudit({ limit: 200 })).filter((a) => a.target.startsWith(`orc/${id}`));
      expect(audit.find((a) => a.action === 'rollout-failed')!.detail).toMatch(/after marked bad/);
      expect(audit.some((a) => a.action === 'rollout-rolled-back')).toBe(true);
    } finally {
      await writer.stop();
    }
  }, 90_000);

  it('rolls back what was changed when aborted mid-rollout, by an orc restarted meanwhile', async () => {
    const id = await start('--change', 'slave_net_timeout=9', '--batch-size', '1', '--soak', '1', '--gate-timeout', '20', '--pause-between-steps');
    await until(`rollout ${id} to pause after its first step`, async () => (await setup.store.getRollout({ namespace: 'orc', entity: id }))?.phase === 'paused', 30_000, 100);
    expect(await globalOf(REPLICAS[0]!, 'slave_net_timeout')).toBe('9');
    // The orc executing it dies; a new one picks the rollout up from the store.
    await serve.kill9();
    serve = await setup.startOrc(4);
    const aborted = await orc('rollout', 'abort', id, '--reason', 'lab test', '--config', setup.lab.config);
    expect(aborted.code).toBe(0);
    expect((await ended(id, 45_000)).phase).toBe('rolled-back');
    for (const r of REPLICAS) expect(await globalOf(r, 'slave_net_timeout')).toBe('7');
    expect((await fleetOf(id)).steps.map((s) => `${s.server} ${s.action} ${s.outcome}`)).toEqual([`${REPLICAS[0]} apply ok`, `${REPLICAS[0]} restore ok`]);
    expect((await setup.store.listAudit({ limit: 200 })).find((a) => a.action === 'rollout-abort' && a.target === `orc/${id}`)).toMatchObject({ outcome: 'ok' });
  }, 90_000);

  it('changes the primary last, through a graceful takeover to a changed replica, when asked', async () => {
    const id = await start('--change', 'slave_net_timeout=11', '--batch-size', '3', '--soak', '1', '--gate-timeout', '20', '--include-primary');
    expect((await ended(id, 60_000)).phase).toBe('completed');
    for (const server of [PRIMARY, ...REPLICAS]) expect(await globalOf(server, 'slave_net_timeout')).toBe('11');
    const steps = (await fleetOf(id)).steps;
    const takeover = steps.findIndex((s) => s.action === 'takeover');
    expect(steps[takeover], JSON.stringify(steps)).toMatchObject({ outcome: 'ok' });
    // Every replica was changed before the takeover, the old primary only after it.
    expect(steps.slice(0, takeover).map((s) => `${s.server} ${s.action} ${s.outcome}`).sort()).toEqual(REPLICAS.map((r) => `${r} apply ok`).sort());
    expect(steps.slice(takeover + 1).map((s) => `${s.server} ${s.action} ${s.outcome}`)).toEqual([`${PRIMARY} apply ok`]);
    const recoveries = await setup.store.listRecoveries();
    const handover = recoveries.find((r) => r.kind === 'graceful-takeover');
    expect(handover).toMatchObject({ status: 'succeeded' });
    const successor = `127.0.0.1:${handover!.successor!.port}`;
    expect(REPLICAS).toContain(successor);
    expect(recoveries.filter((r) => r.kind !== 'graceful-takeover')).toEqual([]);
    await until(`${PRIMARY} to replicate from ${successor}`, () => sqlRunning(PRIMARY), 20_000, 100);
  }, 120_000);
});
