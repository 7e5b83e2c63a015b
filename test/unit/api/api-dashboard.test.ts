import { describe, expect, it } from 'vitest';
import { parseInstanceKey } from '../../../core/model/instance-key.js';
import { newRollout } from '../../../core/rollouts/rollout.js';
import { newSeed } from '../../../core/seeds/seed.js';
import { loadDashboard } from '../../../core/commands/load-dashboard.js';
import { DASHBOARD_SCREENS } from '../../../core/commands/dashboard-screen.js';
import { makeRecovery } from '../../support/recovery-builder.js';
import { CLUSTER, P, R1, R2, T0 } from '../commands/command-fixture.js';
import { apiFixture, READ_TOKEN } from './api-fixture.js';

describe('GET /api/dashboard: one refresh of orc tui --api', () => {
  it('needs a credential: 401 without one, and a read credential is enough', async () => {
    const f = await apiFixture();
    const none = await f.call('GET', '/api/dashboard', { token: null });
    expect([none.status, none.body.error.code]).toEqual([401, 'orc_unauthenticated']);
    const wrong = await f.call('GET', '/api/dashboard', { token: 'not-the-token-at-all' });
    expect([wrong.status, wrong.body.error.code]).toEqual([401, 'orc_unauthenticated']);
    const read = await f.call('GET', `/api/dashboard?cluster=${CLUSTER}&screen=topology`, { token: READ_TOKEN });
    expect(read.status).toBe(200);
    expect(read.body.actor).toBe('api:viewer');
    expect(read.body.snapshot.selectedName).toBe(P);
    expect(read.body.snapshot.clusters.map((c: { cluster: { name: string } }) => c.cluster.name)).toEqual([P]);
    expect(read.body.snapshot.topology.cluster).toMatchObject({ name: P, alias: CLUSTER });
  });

  it('a malformed parameter is 400 orc_bad_input naming it', async () => {
    const f = await apiFixture();
    const cases: [string, string][] = [
      ['screen=nope', 'screen'],
      ['index=-1', 'index'],
      ['index=1.5', 'index'],
      ['recovery=no%20such', 'recovery'],
      ['cluster=', 'cluster'],
      ['screen=audit&screen=seeds', 'screen'],
    ];
    for (const [query, field] of cases) {
      const res = await f.call('GET', `/api/dashboard?${query}`, { token: READ_TOKEN });
      expect([query, res.status, res.body.error.code, res.body.error.details.field]).toEqual([query, 400, 'orc_bad_input', field]);
      expect(res.body.error.message).toMatch(new RegExp(`^${field}\\b`));
    }
  });

  it('answers every screen exactly as the store source reads it: the snapshot survives JSON unchanged', async () => {
    const f = await apiFixture();
    await f.store.registerRecovery(makeRecovery({ id: 'rec1', cluster: P, clusterAlias: CLUSTER, startedAt: T0 - 1000 }));
    await f.store.recordStep({ recoveryId: 'rec1', index: 1, name: 'designate', status: 'ok', startedAt: T0 - 900, endedAt: T0 - 800, message: 'chose R1' });
    await f.store.finishRecovery('rec1', { status: 'succeeded', endedAt: T0 - 500, summary: 'recovered', successor: parseInstanceKey(R1), lost: [], dataLoss: false });
    await f.store.createSeed({ ...newSeed({ id: 'S7', method: 'mariabackup', source: parseInstanceKey(R1), target: parseInstanceKey(R2), now: T0 }), status: 'Running', startedAt: T0 });
    const rollout = { ...newRollout({ namespace: 'prod', entity: 'api' }, T0), targetVersion: 'v2', rollingVersion: 'v2', lastKnownGoodVersion: 'v1', phase: 'progressing' as const, rollingSince: T0, revision: 1 };
    await f.store.saveRollout({ rollout, expectedRevision: 0, upserts: [], removals: [] });
    await f.store.recordNodeHeartbeat({ holder: 'orc-a:1:x', host: 'a', pid: 1, version: '9.9.9', startedAt: T0 - 60_000, lastSeenAt: T0 - 500, role: 'leader' });
    await f.call('POST', `/api/begin-downtime/${R2.replace(':', '/')}`, { body: { reason: 'disk swap', duration: '2h' } });
    for (const screen of DASHBOARD_SCREENS) {
      const recoveryId = screen === 'recoveries' ? 'rec1' : null;
      const res = await f.call('GET', `/api/dashboard?cluster=${encodeURIComponent(P)}&index=0&screen=${screen}${recoveryId ? `&recovery=${recoveryId}` : ''}`, { token: READ_TOKEN });
      expect(res.status).toBe(200);
      // toStrictEqual tells a missing key from one set to undefined, which JSON would drop.
      expect(res.body.snapshot).toStrictEqual(await loadDashboard(f.ctx, P, 0, { screen, recoveryId }));
    }
  });

  it('an unknown wanted cluster falls back to the one at the given index, as the store source does', async () => {
    const f = await apiFixture();
    const res = await f.call('GET', '/api/dashboard?cluster=gone&index=5', { token: READ_TOKEN });
    expect(res.status).toBe(200);
    expect(res.body.snapshot.selectedName).toBe(P);
  });
});
