import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labDown, labUp } from '../../../ci-env/lab.js';
import type { LabInfo } from '../../../ci-env/lab-types.js';
import { discover } from '../../../core/commands/discover.js';
import { forcedFailover, type ForcedFailoverResult } from '../../../core/commands/forced-failover.js';
import { takeover, type TakeoverResult } from '../../../core/commands/takeover.js';
import { OrcError } from '../../../core/errors.js';
import { openContext, type OpenedContext } from '../../../src/cli/open-context.js';
import { LAB_PORTS } from '../../support/ports.js';
import { adminQuery, sources, waitFor } from './command-lab-support.js';
import { teardown } from '../../support/teardown.js';

const LAB = 't-cancel';
const LOCK = 'orc_cancel_blocker';
let lab: LabInfo;
let opened: OpenedContext;
let primary: number;
const host = (port: number) => `127.0.0.1:${port}`;

beforeAll(async () => {
  await labDown(LAB);
  lab = await labUp({ name: LAB, basePort: LAB_PORTS.cancellation, replicas: 2, chain: 0 });
  primary = lab.instances.find((i) => i.role === 'primary')!.port;
  await adminQuery(lab, primary, 'CREATE TABLE IF NOT EXISTS orc_lab.blocked (id INT AUTO_INCREMENT PRIMARY KEY, v INT) ENGINE=InnoDB');
  // A short window step: the takeover gives up on a blocked read_only quickly (the query timeout is the lab's 500 ms).
  const config = JSON.parse(await readFile(lab.config, 'utf8')) as Record<string, unknown>;
  const path = join(lab.dir, 'orc-cancellation.json');
  await writeFile(path, JSON.stringify({ ...config, takeover: { catchUpTimeoutMs: 10_000, windowStepTimeoutMs: 800 } }));
  opened = await openContext(path, 'test:cancellation');
  await discover(opened.ctx, host(primary));
}, 60_000);

afterAll(() => teardown(() => opened?.close(), () => labDown(LAB)));

/** Statements the server runs now whose text starts with `prefix`. */
async function running(port: number, prefix: string): Promise<unknown[]> {
  return adminQuery(lab, port, `SELECT ID, USER, STATE, INFO FROM information_schema.PROCESSLIST WHERE INFO LIKE '${prefix}%'`);
}

/** The lab servers whose read_only is OFF now. */
async function writers(): Promise<number[]> {
  const states = await Promise.all(lab.instances.map(async (i) => ({ port: i.port, rows: (await adminQuery(lab, i.port, 'SELECT @@read_only AS ro')) as { ro: number }[] })));
  return states.filter((s) => Number(s.rows[0]!.ro) === 0).map((s) => s.port);
}

/**
 * Makes SET GLOBAL read_only=ON block on the server (measured on 10.11: it waits "for backup lock" while a write
 * statement runs): an application insert waits for a user lock another session holds. release() lets it finish.
 */
async function blockReadOnly(port: number): Promise<{ release(): Promise<void> }> {
  const holder = await mysql.createConnection({ host: '127.0.0.1', port, user: lab.user, password: lab.password });
  await holder.query('SELECT GET_LOCK(?, 60)', [LOCK]);
  const writer = await mysql.createConnection({ host: '127.0.0.1', port, user: lab.appUser, password: lab.appPassword });
  const insert = writer.query('INSERT INTO orc_lab.blocked (v) SELECT GET_LOCK(?, 60)', [LOCK]);
  await waitFor('the application insert to wait for the user lock', async () => (await running(port, 'INSERT INTO orc_lab.blocked')).length === 1, 5_000);
  return {
    async release() {
      await holder.query('SELECT RELEASE_LOCK(?)', [LOCK]);
      await insert;
      await writer.query('SELECT RELEASE_LOCK(?)', [LOCK]);
      await Promise.all([holder.end(), writer.end()]);
    },
  };
}

/** Proves SET GLOBAL read_only=ON blocks behind the blocker at all (else the tests below would prove nothing). */
async function assertBlocks(port: number): Promise<void> {
  const conn = await mysql.createConnection({ host: '127.0.0.1', port, user: lab.user, password: lab.password });
  try {
    const blocked = conn.query('SET GLOBAL read_only = ON');
    await waitFor('SET GLOBAL read_only to wait for the backup lock', async () => (await running(port, 'SET GLOBAL read_only')).length === 1, 5_000);
    await adminQuery(lab, port, `KILL QUERY ${conn.threadId}`);
    await expect(blocked).rejects.toMatchObject({ errno: 1317 });
  } finally {
    await conn.end();
  }
}

describe('a statement orc gives up on is killed on the server', () => {
  it.each([
    ['times out', 'orc_timeout', false],
    ['is aborted', 'orc_aborted', true],
  ] as const)('SET GLOBAL read_only=ON that %s: outcome unknown, gone from the server at once, never lands later', async (_name, code, abort) => {
    const blocker = await blockReadOnly(primary);
    try {
      await assertBlocks(primary);
      const aborter = new AbortController();
      // The abort fires once the statement waits on the server, not before it was sent.
      if (abort) void waitFor('orc statement waiting', async () => (await running(primary, 'SET GLOBAL read_only')).length === 1, 5_000).then(() => aborter.abort());
      const err = await opened.ctx.control.setReadOnly({ host: '127.0.0.1', port: primary }, true, abort ? aborter.signal : undefined).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(OrcError);
      expect(err).toMatchObject({ code, details: { outcome: 'unknown', kill: 'gone', instance: host(primary), step: 'set read_only' } });
      expect(await running(primary, 'SET GLOBAL read_only')).toEqual([]);
      expect(await writers()).toEqual([primary]);
    } finally {
      await blocker.release();
    }
    // The blocker is gone and the insert committed: a SET still waiting would have landed by now.
    expect(await running(primary, 'SET GLOBAL read_only')).toEqual([]);
    expect(await writers()).toEqual([primary]);
  });

  it('a takeover whose read_only blocks rolls back with exactly one writer, also after the blocker is gone', { timeout: 60_000 }, async () => {
    const to = lab.instances.find((i) => i.port !== primary)!.port;
    const blocker = await blockReadOnly(primary);
    let result: TakeoverResult;
    try {
      result = await takeover(opened.ctx, LAB, { to: host(to) });
      expect(await running(primary, 'SET GLOBAL read_only')).toEqual([]);
      expect(await writers()).toEqual([primary]);
    } finally {
      await blocker.release();
    }
    expect(result.recovery.status).toBe('failed');
    expect(result.rolledBack).toBe(true);
    const window = result.steps.find((s) => s.name === `set read_only=ON on ${host(primary)}`)!;
    expect(window.status).toBe('failed');
    expect(window.message).toMatch(/^orc_timeout: .*set read_only timed out.*outcome unknown \(statement gone\); re-read: read_only=OFF$/);
    expect(result.recovery.summary).toMatch(new RegExp(`rolled back: ${host(primary)} is the writable primary again$`));
    expect(await writers()).toEqual([primary]);
    const state = await sources(lab);
    expect(state[to]).toMatchObject({ source: primary, running: true });
  });

  it('a forced failover whose read_only blocks promotes nobody and leaves the old primary the one writer', { timeout: 60_000 }, async () => {
    const blocker = await blockReadOnly(primary);
    let result: ForcedFailoverResult;
    try {
      result = await forcedFailover(opened.ctx, LAB);
      expect(await writers()).toEqual([primary]);
    } finally {
      await blocker.release();
    }
    expect(result.recovery).toMatchObject({ kind: 'forced-failover', status: 'failed', successor: null });
    expect(result.oldPrimary).toBe('read-only-failed');
    expect(result.recovery.summary).toMatch(new RegExp(`^aborted before any promotion: set read_only=ON on ${host(primary)}: orc_timeout: .*outcome unknown \\(statement gone\\); re-read: read_only=OFF`));
    expect(await writers()).toEqual([primary]);
    await waitFor('every replica replicating from the primary again', async () => Object.entries(await sources(lab)).every(([port, s]) => Number(port) === primary || (s.source === primary && s.running)), 10_000);
    expect(await opened.ctx.store.listFenced()).toEqual([]);
  });
});
