import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labDown, labUp } from '../../../ci-env/lab.js';
import type { LabInfo } from '../../../ci-env/lab-types.js';
import { loadConfig } from '../../../core/config.js';
import { openStore, type OrcStore } from '../../../core/store/open-store.js';
import { LAB_PORTS } from '../../support/ports.js';
import { adminQuery, expectOk, orc, sources, waitFor } from './command-lab-support.js';
import { teardown } from '../../support/teardown.js';

const LAB = 't-commands';
const P = LAB_PORTS.commands;
const I = P + 1;
const R = P + 2;
const L = P + 3;
const host = (port: number) => `127.0.0.1:${port}`;
let lab: LabInfo;
let store: OrcStore;
let config: string;

beforeAll(async () => {
  await labDown(LAB);
  lab = await labUp({ name: LAB, basePort: P });
  config = lab.config;
  store = await openStore(loadConfig(config, {}).store);
  const r = await orc('discover', host(P), '--config', config);
  expect(r.code).toBe(0);
}, 60_000);

afterAll(() => teardown(() => store?.close(), () => labDown(LAB)));

/** Source port of each server now. */
async function tree(): Promise<Record<number, number | null>> {
  const s = await sources(lab);
  return Object.fromEntries(Object.entries(s).map(([port, v]) => [Number(port), v.source]));
}

/** Waits until every replica's threads run again and returns the tree. */
async function settledTree(): Promise<Record<number, number | null>> {
  return waitFor(
    'replication threads running',
    async () => {
      const s = await sources(lab);
      return Object.values(s).every((v) => v.source === null || v.running) && Object.fromEntries(Object.entries(s).map(([p, v]) => [Number(p), v.source]));
    },
    10_000,
  );
}

describe('manual commands on a real lab', () => {
  it('starts from the lab tree; clusters says orc would recover it now', async () => {
    expect(await tree()).toEqual({ [P]: null, [I]: P, [R]: P, [L]: I });
    const r = await orc('clusters', '--config', config);
    expect(r.out).toContain('would recover now: yes: would recover if the primary died now');
    const json = JSON.parse((await orc('clusters', '--config', config, '--json')).out);
    expect(json[0]).toMatchObject({ alias: LAB, recovery: { wouldRecover: true, globalEnabled: true, lastRecovery: null } });
  });

  it('refuses to put a server below its own replica, with one line, changing nothing', async () => {
    const r = await orc('relocate', host(I), '--below', host(L), '--config', config);
    expect(r).toMatchObject({ code: 1, out: '' });
    expect(r.err).toBe(`orc: ${host(L)} replicates (directly or not) from ${host(I)}: ${host(I)} would be below itself [orc_refused]\n`);
    expect(await tree()).toEqual({ [P]: null, [I]: P, [R]: P, [L]: I });
  });

  it('refuses a relocation while someone else holds the lock, naming the holder, changing nothing', async () => {
    const now = Date.now();
    await store.acquireLock({ instance: { host: '127.0.0.1', port: R }, owner: 'test:by-hand', reason: 'held by hand', acquiredAt: now, expiresAt: now + 60_000 }, now);
    try {
      const r = await orc('relocate', host(R), '--below', host(I), '--config', config);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(new RegExp(`^orc: instance 127\\.0\\.0\\.1:${R} is locked by test:by-hand until .*: held by hand \\[orc_lock_held\\]\\n$`));
      expect(await tree()).toEqual({ [P]: null, [I]: P, [R]: P, [L]: I });
      const [audit] = await store.listAudit({ limit: 1 });
      expect(audit).toMatchObject({ action: 'relocate', target: host(R), outcome: 'refused' });
      expect(audit!.actor).toMatch(/^cli:/);
    } finally {
      await store.releaseLock({ host: '127.0.0.1', port: R }, 'test:by-hand');
    }
  });

  it('relocates a replica below a sibling, moves it up, and back', { timeout: 30_000 }, async () => {
    let r = await orc('relocate', host(L), '--below', host(R), '--config', config);
    expect(r.err).toBe('');
    expect(r.out).toMatch(new RegExp(`^127\\.0\\.0\\.1:${L} moved from 127\\.0\\.0\\.1:${I} to 127\\.0\\.0\\.1:${R} at 0-${P}-\\d+\\n$`));
    expect(await settledTree()).toEqual({ [P]: null, [I]: P, [R]: P, [L]: R });

    r = await orc('move-up', host(L), '--config', config, '--json');
    expect(JSON.parse(r.out)).toMatchObject({ instance: host(L), from: host(R), to: host(P) });
    expect(await settledTree()).toEqual({ [P]: null, [I]: P, [R]: P, [L]: P });

    r = await orc('relocate', host(L), '--below', host(I), '--config', config);
    expect(r.code).toBe(0);
    expect(await settledTree()).toEqual({ [P]: null, [I]: P, [R]: P, [L]: I });
    const topology = (await orc('topology', LAB, '--config', config)).out;
    expect(topology).toMatch(new RegExp(`\\n  \\+ 127\\.0\\.0\\.1:${I}  intermediate[^\\n]*\\n    \\+ 127\\.0\\.0\\.1:${L}  replica`));
  });

  it('refuses to move a replica below a source that stays behind it, and restarts it where it was', { timeout: 30_000 }, async () => {
    await adminQuery(lab, I, 'STOP SLAVE');
    try {
      await adminQuery(lab, P, 'CREATE TABLE IF NOT EXISTS orc_lab.ahead (id INT PRIMARY KEY)');
      await adminQuery(lab, P, 'INSERT INTO orc_lab.ahead VALUES (1)');
      await waitFor('the row on R', async () => (await adminQuery(lab, R, 'SELECT COUNT(*) AS n FROM orc_lab.ahead').catch(() => [{ n: 0 }]) as { n: number }[])[0]!.n === 1, 5_000);
      const r = await orc('relocate', host(R), '--below', host(I), '--config', config);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(new RegExp(`^orc: 127\\.0\\.0\\.1:${R} \\(at .*\\) is still ahead of 127\\.0\\.0\\.1:${I} \\(at .*\\): not moved \\[orc_refused\\]\\n$`));
      await waitFor('R replicating from P again', async () => (await sources(lab))[R]!.running, 5_000);
      expect(await tree()).toEqual({ [P]: null, [I]: P, [R]: P, [L]: I });
    } finally {
      await adminQuery(lab, I, 'START SLAVE');
    }
    // With the intermediate replicating again, the same move waits for it and succeeds.
    expectOk(await orc('relocate', host(R), '--below', host(I), '--config', config));
    expect(await settledTree()).toEqual({ [P]: null, [I]: P, [R]: I, [L]: I });
    expectOk(await orc('move-up', host(R), '--config', config));
    expect(await settledTree()).toEqual({ [P]: null, [I]: P, [R]: P, [L]: I });
  });

  it('stops and starts replication, sets read-only and writable', async () => {
    expect((await orc('stop-replica', host(R), '--config', config)).out).toBe(`replication from ${host(P)} stopped on ${host(R)}\n`);
    expect((await sources(lab))[R]!.running).toBe(false);
    expectOk(await orc('start-replica', host(R), '--config', config));
    await settledTree();
    expect((await orc('set-read-only', host(P), '--config', config)).out).toBe(`${host(P)} is read-only\n`);
    expect((await sources(lab))[P]!.readOnly).toBe(true);
    expect((await orc('set-writable', host(P), '--config', config)).out).toBe(`${host(P)} is writable\n`);
    expect((await sources(lab))[P]!.readOnly).toBe(false);
    expect((await orc('stop-replica', host(P), '--config', config)).err).toBe(`orc: ${host(P)} replicates from nobody: no replication to stop [orc_refused]\n`);
  });

  it('refuses a second writer and an unfence without a fence, changing nothing; --force overrides, audited', async () => {
    const refused = await orc('set-writable', host(R), '--config', config);
    expect(refused).toMatchObject({ code: 1, out: '' });
    expect(refused.err).toBe(
      `orc: not making ${host(R)} writable: ${host(R)} replicates from ${host(P)}: writes on it become errant GTIDs; ` +
        `${host(P)} in the same cluster is writable already: two writable servers (--force overrides) [orc_refused]\n`,
    );
    expect((await sources(lab))[R]!.readOnly).toBe(true);
    const forced = await orc('set-writable', host(R), '--force', '--config', config);
    expect(forced.out).toMatch(new RegExp(`^127\\.0\\.0\\.1:${R} is writable \\(forced over: `));
    expect((await sources(lab))[R]!.readOnly).toBe(false);
    const [audit] = await store.listAudit({ limit: 1 });
    expect(audit).toMatchObject({ action: 'set-writable', target: host(R), outcome: 'ok', detail: expect.stringContaining('forced over') });
    expectOk(await orc('set-read-only', host(R), '--config', config));
    expect((await sources(lab))[R]!.readOnly).toBe(true);
    expect((await orc('unfence', host(P), '--reason', 'none', '--config', config)).err).toBe(`orc: ${host(P)} is not fenced: there is no fence to lift [orc_refused]\n`);
  });

  it('shows downtime and the global switch in clusters and analysis', async () => {
    expect((await orc('downtime', 'begin', host(P), '--for', '30m', '--reason', 'disk swap', '--config', config)).out).toMatch(/downtimed until .*: disk swap/);
    expect((await orc('clusters', '--config', config)).out).toMatch(new RegExp(`would recover now: no: 127\\.0\\.0\\.1:${P} is downtimed until .* \\(29m\\d\\ds left\\)`));
    expect((await orc('downtime', 'end', host(P), '--config', config)).out).toBe(`downtime of ${host(P)} ended\n`);
    expect((await orc('recoveries', 'disable', '--config', config)).out).toBe('automated recoveries disabled globally\n');
    const analysis = (await orc('analysis', LAB, '--config', config)).out;
    expect(analysis).toContain('would recover now: no: recoveries are disabled globally');
    expect(analysis).toContain('no findings');
    expect((await orc('recoveries', 'enable', '--config', config)).out).toBe('automated recoveries enabled globally\n');
    expect((await orc('clusters', '--config', config)).out).toContain('would recover now: yes');
    expect((await orc('recoveries', LAB, '--config', config)).out).toBe('no recoveries\n');
  });

  it('answers bad input with one coded line', async () => {
    const cases: [string[], string][] = [
      [['relocate', 'nope', '--below', host(I)], 'orc: malformed instance "nope": expected HOST:PORT [orc_bad_input]\n'],
      [['downtime', 'begin', host(P), '--for', '5x', '--reason', 'r'], 'orc: malformed --for "5x": expected a number with a unit (ms, s, m, h, d, w), e.g. 30m or 1h30m [orc_bad_input]\n'],
      [['recovery', 'nosuch'], 'orc: unknown recovery "nosuch" (orc recoveries lists them) [orc_unknown_recovery]\n'],
      [['move-up', '127.0.0.1:1'], 'orc: unknown instance 127.0.0.1:1: run orc discover first [orc_unknown_instance]\n'],
      [['takeover', 'no-such-cluster'], `orc: unknown cluster "no-such-cluster"; known: ${LAB} (${host(P)}) [orc_unknown_cluster]\n`],
      [['recoveries', '--limit', '0'], 'orc: --limit must be a positive integer, got "0" [orc_bad_input]\n'],
    ];
    for (const [args, line] of cases) {
      const r = await orc(...args, '--config', config);
      expect(r.err, args.join(' ')).toBe(line);
      expect(r.code).toBe(1);
    }
  });

  it('shows a MariaDB errant transaction and refuses the injection fix with the explanation', async () => {
    await adminQuery(lab, R, 'CREATE TABLE orc_lab.errant (id INT PRIMARY KEY)');
    const r = await orc('errant', host(R), '--config', config, '--json');
    const report = JSON.parse(r.out);
    expect(report).toMatchObject({ instance: host(R), primary: host(P), flavor: 'mariadb' });
    expect(report.errant).toMatch(new RegExp(`^0-${R}-\\d+$`));
    expect(report.fix).toMatch(/^MariaDB cannot be fixed by injecting empty transactions/);
    const fix = await orc('errant', host(R), '--fix', '--config', config);
    expect(fix.code).toBe(1);
    expect(fix.err).toMatch(new RegExp(`^orc: 127\\.0\\.0\\.1:${R} has errant GTID 0-${R}-\\d+\\. MariaDB cannot be fixed .* \\[orc_refused\\]\\n$`));
    expect((await orc('errant', host(L), '--config', config)).out).toBe(`${host(L)} vs primary ${host(P)}: no errant GTID\n`);
  });
});
