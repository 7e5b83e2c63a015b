import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseInstanceKey } from '../../../core/model/instance-key.js';
import { cliStore, type CliStore } from '../../support/cli-store.js';
import { makeRecovery } from '../../support/recovery-builder.js';
import { orc } from '../../support/run-orc.js';

let cli: CliStore;
let p: string;

beforeEach(async () => {
  cli = await cliStore();
  [p] = (await cli.seedClusters(1)) as [string];
});
afterEach(async () => cli.close());

describe('orc forget', () => {
  it("drops a known instance from orc's view, audited with who asked", async () => {
    const r = await orc('forget', p, '--config', cli.config, '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual({ instance: p, cluster: expect.any(String) });
    expect(await cli.store.getInstance(parseInstanceKey(p))).toBeUndefined();
    const [audit] = await cli.store.listAudit({ limit: 1 });
    expect(audit).toMatchObject({ action: 'forget', target: p, outcome: 'ok' });
    expect(audit!.actor).toMatch(/^cli:/);
  });

  it('refuses an unknown or malformed instance with one coded line, changing nothing', async () => {
    const before = (await cli.store.listInstances()).length;
    expect(await orc('forget', '127.0.0.1:1', '--config', cli.config)).toMatchObject({ code: 1, out: '', err: expect.stringMatching(/\[orc_unknown_instance\]\n$/) });
    expect(await orc('forget', 'nope', '--config', cli.config)).toMatchObject({ code: 1, out: '', err: expect.stringMatching(/\[orc_bad_input\]\n$/) });
    expect(await cli.store.listInstances()).toHaveLength(before);
    expect(await cli.store.listAudit({ limit: 5 })).toEqual([]);
  });
});

describe('orc clusters and orc topology after a failover', () => {
  it('show the dead former primary inside the cluster it left until it is forgotten', async () => {
    const old = '127.0.0.1:3296';
    const at = Date.now();
    await cli.store.recordProbeFailure({ key: parseInstanceKey(old), at, error: 'orc_unreachable: connect ECONNREFUSED' }, old);
    await cli.store.upsertCluster({ name: old, alias: null, primary: parseInstanceKey(old), updatedAt: at });
    await cli.store.registerRecovery(makeRecovery({ id: 'r9', cluster: old, clusterAlias: 'c0', failed: parseInstanceKey(old), startedAt: at - 5_000 }));
    await cli.store.finishRecovery('r9', { status: 'succeeded', endedAt: at - 4_000, successor: parseInstanceKey(p), lost: [], summary: 'promoted' });
    await cli.store.recordFence({ instance: parseInstanceKey(old), cluster: old, recoveryId: 'r9', fencedAt: Date.UTC(2026, 11, 4, 6, 0, 0), state: 'fenced', updatedAt: at, detail: 'fenced' });

    const listed = JSON.parse((await orc('clusters', '--config', cli.config, '--json')).out) as { name: string; formerPrimaries: { instance: string; state: string }[] }[];
    expect(listed.map((c) => [c.name, c.formerPrimaries.map((f) => [f.instance, f.state])])).toEqual([[p, [[old, 'awaiting-return']]]]);
    const text = (await orc('clusters', '--config', cli.config)).out;
    expect(text).toContain(`  former primary ${old}: fenced since 2026-12-04T06:00:00Z, awaiting return`);
    const topology = await orc('topology', old, '--config', cli.config);
    expect(topology.out.split('\n')[0]).toBe(`cluster c0 (${p})`);
    expect(topology.out).toContain(`! ${old}  [FENCED former primary`);

    expect((await orc('forget', old, '--config', cli.config)).code).toBe(0);
    const after = JSON.parse((await orc('clusters', '--config', cli.config, '--json')).out) as { name: string; formerPrimaries: unknown[] }[];
    expect(after.map((c) => [c.name, c.formerPrimaries])).toEqual([[p, []]]);
    expect((await orc('topology', p, '--config', cli.config)).out).not.toContain(old);
  });
});
