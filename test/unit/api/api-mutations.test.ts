import { describe, expect, it } from 'vitest';
import { parseInstanceKey } from '../../../core/model/instance-key.js';
import { makeRecovery } from '../../support/recovery-builder.js';
import { CLUSTER, P, R1, R2, T0 } from '../commands/command-fixture.js';
import { apiFixture } from './api-fixture.js';

const path = (key: string) => key.replace(':', '/');

describe('API mutations (POST, admin credential), each audited as api:<name>', () => {
  it('graceful-master-takeover to a designated replica hands the primary role over', async () => {
    const f = await apiFixture();
    const res = await f.call('POST', `/api/graceful-master-takeover/${CLUSTER}/${path(R1)}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ kind: 'graceful-takeover', status: 'succeeded', successor: R1, actor: 'api:ops', rolledBack: false });
    expect(res.body.steps.length).toBeGreaterThan(3);
    expect(f.control.calls).toContain(`setReadOnly ${R1} OFF`);
    expect((await f.store.listAudit()).map((a) => [a.action, a.actor, a.outcome])).toContainEqual(['graceful-takeover', 'api:ops', 'ok']);
  });

  it('a takeover that rolls back is 500 orc_operation_failed naming the recovery', async () => {
    const f = await apiFixture();
    f.control.failOn('resetReplicaAll', R1);
    const res = await f.call('POST', `/api/graceful-master-takeover/${CLUSTER}/${path(R1)}`);
    expect([res.status, res.body.error.code]).toEqual([500, 'orc_operation_failed']);
    expect(res.body.error.details.recovery).toEqual(expect.any(String));
    const steps = await f.call('GET', `/api/audit-recovery-steps/${res.body.error.details.recovery}`);
    expect(steps.body.status).not.toBe('succeeded');
  });

  it('switches: stop-replica, start-replica, set-read-only, set-writeable (force in the body)', async () => {
    const f = await apiFixture();
    expect((await f.call('POST', `/api/stop-replica/${path(R2)}`)).status).toBe(200);
    expect((await f.call('POST', `/api/start-replica/${path(R2)}`)).status).toBe(200);
    expect((await f.call('POST', `/api/set-read-only/${path(P)}`)).body).toEqual({ instance: P, message: `${P} is read-only` });
    expect((await f.call('POST', `/api/set-writeable/${path(P)}`, { body: {} })).status).toBe(200);
    // A replica is refused without force, allowed with it.
    expect((await f.call('POST', `/api/set-writeable/${path(R2)}`)).body.error.code).toBe('orc_refused');
    expect((await f.call('POST', `/api/set-writeable/${path(R2)}`, { body: { force: true } })).status).toBe(200);
    expect(f.control.calls.filter((c) => !c.startsWith('executedGtid'))).toEqual([
      `stopReplica ${R2}`,
      `startReplica ${R2}`,
      `setReadOnly ${P} ON`,
      `setReadOnly ${P} OFF`,
      `setReadOnly ${R2} OFF`,
    ]);
    const actors = new Set((await f.store.listAudit()).map((a) => a.actor));
    expect([...actors]).toEqual(['api:ops']);
  });

  it('relocate, move-up and repoint', async () => {
    const f = await apiFixture();
    const relocated = await f.call('POST', `/api/relocate/${path(R2)}/${path(R1)}`);
    expect(relocated.status).toBe(200);
    expect(relocated.body).toMatchObject({ instance: R2, from: P, to: R1 });
    const up = await f.call('POST', `/api/move-up/${path(R2)}`);
    expect(up.body).toMatchObject({ instance: R2, from: R1, to: P });
    const same = await f.call('POST', `/api/repoint/${path(R2)}`);
    expect(same.body).toMatchObject({ instance: R2, from: P, to: P });
    expect((await f.call('POST', `/api/repoint/${path(R2)}`, { body: { to: 'nope' } })).body.error.code).toBe('orc_bad_input');
  });

  it('begin-downtime and end-downtime', async () => {
    const f = await apiFixture();
    const begun = await f.call('POST', `/api/begin-downtime/${path(R1)}`, { body: { reason: 'disk swap', duration: '2h' } });
    expect(begun.body).toEqual({ instance: R1, owner: 'api:ops', reason: 'disk swap', beganAt: T0, until: T0 + 7_200_000 });
    expect((await f.store.listDowntime(T0)).map((d) => d.owner)).toEqual(['api:ops']);
    expect((await f.call('POST', `/api/end-downtime/${path(R1)}`)).body).toEqual({ instance: R1, ended: true });
    expect(await f.store.listDowntime(T0)).toEqual([]);
    const until = await f.call('POST', `/api/begin-downtime/${path(R1)}`, { body: { reason: 'r', until: '2023-11-15T00:00Z' } });
    expect(until.body.until).toBe(Date.parse('2023-11-15T00:00Z'));
  });

  it('unfence lifts a fence with a reason', async () => {
    const f = await apiFixture();
    await f.store.recordFence({ instance: parseInstanceKey(P), cluster: P, recoveryId: 'rec1', state: 'fenced', detail: '', fencedAt: T0, updatedAt: T0 });
    const res = await f.call('POST', `/api/unfence/${path(P)}`, { body: { reason: 're-seeded' } });
    expect(res.body).toMatchObject({ instance: P, recoveryId: 'rec1', reason: 're-seeded' });
    expect(await f.store.listFenced()).toEqual([]);
  });

  it('ack-recovery of a cluster, ack-all-recoveries, and the global switch', async () => {
    const f = await apiFixture();
    await f.store.registerRecovery(makeRecovery({ id: 'rec1', cluster: P, clusterAlias: CLUSTER, startedAt: T0 - 1000 }));
    await f.store.registerRecovery(makeRecovery({ id: 'rec2', cluster: '10.0.0.1:3306', failed: parseInstanceKey('10.0.0.1:3306'), startedAt: T0 - 900 }));
    for (const id of ['rec1', 'rec2']) await f.store.finishRecovery(id, { status: 'succeeded', endedAt: T0 - 500, summary: 'ok', successor: null, lost: [], dataLoss: false });
    const one = await f.call('POST', `/api/ack-recovery/cluster/${CLUSTER}`, { body: { comment: 'seen' } });
    expect(one.body.map((r: { id: string; acknowledgedBy: string }) => [r.id, r.acknowledgedBy])).toEqual([['rec1', 'api:ops']]);
    const all = await f.call('POST', '/api/ack-all-recoveries');
    expect(all.body.map((r: { id: string }) => r.id)).toEqual(['rec2']);
    expect((await f.call('POST', '/api/disable-global-recoveries')).body).toEqual({ enabled: false, configEnabled: true });
    expect(await f.store.getSetting('recovery.enabled')).toBe('false');
    expect((await f.call('POST', '/api/enable-global-recoveries')).body).toEqual({ enabled: true, configEnabled: true });
    expect((await f.store.listAudit()).map((a) => a.action)).toEqual(['enable-global-recoveries', 'disable-global-recoveries', 'ack-all-recoveries', 'ack-recoveries']);
  });

  it('force-master-failover and recover', async () => {
    const f = await apiFixture();
    const failover = await f.call('POST', `/api/force-master-failover/${CLUSTER}`);
    expect(failover.status).toBe(200);
    expect(failover.body).toMatchObject({ kind: 'forced-failover', status: 'succeeded', actor: 'api:ops', oldPrimary: 'set-read-only' });
    // Nothing calls for a recovery on a healthy replica.
    const recover = await f.call('POST', `/api/recover/${path(R2)}`);
    expect([recover.status, recover.body.error.code]).toEqual([409, 'orc_refused']);
  });

  it('discover crawls from any server; forget removes a known instance', async () => {
    const f = await apiFixture();
    const discovered = await f.call('POST', `/api/discover/${path(R2)}`);
    expect(discovered.status).toBe(200);
    expect(discovered.body.reached.sort()).toEqual([P, R1, R2]);
    expect(discovered.body.topology.cluster.name).toBe(P);
    expect((await f.call('POST', `/api/forget/${path(R2)}`)).body).toEqual({ instance: R2, cluster: P });
    expect(await f.store.getInstance(parseInstanceKey(R2))).toBeUndefined();
    expect((await f.store.listAudit()).map((a) => [a.action, a.actor])).toEqual([
      ['forget', 'api:ops'],
      ['discover', 'api:ops'],
    ]);
  });
});
