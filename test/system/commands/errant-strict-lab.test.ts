import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labDown, labStatus, labUp } from '../../../ci-env/lab.js';
import type { LabInfo } from '../../../ci-env/lab-types.js';
import { LAB_PORTS } from '../../support/ports.js';
import { adminQuery, expectOk, orc, waitFor } from './command-lab-support.js';

const LAB = 't-errant-strict';
const P = LAB_PORTS.errantStrict;
const host = (port: number) => `127.0.0.1:${port}`;
let lab: LabInfo;

beforeAll(async () => {
  await labDown(LAB);
  lab = await labUp({ name: LAB, basePort: P, replicas: 2, chain: 0 });
  expectOk(await orc('discover', host(P), '--config', lab.config));
}, 60_000);

afterAll(async () => {
  await labDown(LAB);
});

describe('errant GTIDs on a gtid_strict_mode replica whose SQL thread the primary stopped', () => {
  it('orc analysis and orc errant keep reporting the local write after error 1950 and after the primary moved past it', { timeout: 60_000 }, async () => {
    const replica = lab.instances.find((i) => i.role === 'replica')!.port;
    // The lab admin bypasses read_only: a local write on the replica, with its own server_id.
    await adminQuery(lab, replica, 'CREATE TABLE orc_lab.errant_local (i INT PRIMARY KEY)');
    const [local] = (await adminQuery(lab, replica, 'SELECT @@gtid_binlog_pos AS p')) as { p: string }[];
    // The primary's next writes take the same seq_no and beyond: the replica's SQL thread stops with 1950.
    await adminQuery(lab, P, 'CREATE TABLE orc_lab.primary_after (i INT PRIMARY KEY)');
    for (let i = 1; i <= 3; i++) await adminQuery(lab, P, `INSERT INTO orc_lab.primary_after VALUES (${i})`);
    await waitFor(
      'the replica SQL thread to stop with 1950',
      async () => (await labStatus(LAB)).instances.find((i) => i.port === replica)?.replication?.lastSqlErrno === 1950,
      10_000,
    );
    const [primaryPos] = (await adminQuery(lab, P, 'SELECT @@gtid_current_pos AS p')) as { p: string }[];
    // The positions alone no longer show it: the primary is past the local write's seq_no.
    expect(BigInt(primaryPos!.p.split('-')[2]!)).toBeGreaterThan(BigInt(local!.p.split('-')[2]!));

    expectOk(await orc('discover', host(P), '--config', lab.config));
    const analysis = JSON.parse((await orc('analysis', LAB, '--config', lab.config, '--json')).out) as { findings: { code: string; instance: string; details: Record<string, unknown> }[] }[];
    const errant = analysis[0]!.findings.filter((f) => f.code === 'ErrantGTID');
    expect(errant).toEqual([expect.objectContaining({ instance: host(replica), details: expect.objectContaining({ errantGtid: local!.p }) })]);

    const report = JSON.parse((await orc('errant', host(replica), '--config', lab.config, '--json')).out) as { errant: string; fix: string };
    expect(report.errant).toBe(local!.p);
    expect(report.fix).toMatch(/Re-seed/);
  });
});
