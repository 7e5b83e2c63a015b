import { afterEach, describe, expect, it } from 'vitest';
import { parseInstanceKey } from '../../core/model/instance-key.js';
import { newRollout } from '../../core/rollouts/rollout.js';
import { newSeed } from '../../core/seeds/seed.js';
import { apiDashboardActions } from '../../src/cli/api-dashboard-actions.js';
import { apiDashboardSource } from '../../src/cli/api-dashboard-source.js';
import { apiDashboardWiring } from '../../src/cli/api-dashboard-wiring.js';
import { loadDashboard } from '../../core/commands/load-dashboard.js';
import { SCREENS, type ScreenId } from '../../tui/lib/screens.js';
import { makeRecovery } from '../support/recovery-builder.js';
import { ADMIN_TOKEN, READ_TOKEN } from '../unit/api/api-fixture.js';
import { CLUSTER, P, R1, R2, T0 } from '../unit/commands/command-fixture.js';
import { KEYS, renderApp, rowWith, unmountAll } from './fixtures/app-harness.js';
import { sqliteApi, type SqliteApi } from './fixtures/sqlite-api.js';
import { FakeClock } from './fixtures/topology.js';
import { cursorOn, mutations } from './fixtures/frame-queries.js';

const opened: SqliteApi[] = [];
afterEach(async () => {
  unmountAll();
  await Promise.all(opened.splice(0).map((s) => s.close()));
});

/** The dashboard over a real API on SQLite, reading and acting with the token (actions: false is --read-only). */
async function setup(token: string, options: { actions?: boolean; screen?: ScreenId } = {}) {
  const s = await sqliteApi();
  opened.push(s);
  const client = s.client(token);
  const source = apiDashboardSource(client, { timeoutMs: 2000 });
  const clock = new FakeClock(T0);
  const actions = options.actions === false ? null : apiDashboardActions(client, () => source.actor ?? 'api:?');
  const h = renderApp({ source, clock }, { actions, ...(options.screen ? { screen: options.screen } : {}) });
  return { s, h, source, clock };
}

describe('orc tui --api: the dashboard over a running service', () => {
  it('renders every screen from the API, which reads exactly what the store source reads', async () => {
    const { s, h, source } = await setup(READ_TOKEN, { actions: false });
    await s.store.registerRecovery(makeRecovery({ id: 'rec1', cluster: P, clusterAlias: CLUSTER, startedAt: T0 - 1000 }));
    await s.store.finishRecovery('rec1', { status: 'succeeded', endedAt: T0 - 500, summary: 'recovered', successor: parseInstanceKey(R1), lost: [], dataLoss: false });
    await s.store.createSeed({ ...newSeed({ id: 'S7', method: 'mariabackup', source: parseInstanceKey(R1), target: parseInstanceKey(R2), now: T0 }), status: 'Running', startedAt: T0 });
    const rollout = { ...newRollout({ namespace: 'prod', entity: 'api' }, T0), targetVersion: 'v2', rollingVersion: 'v2', lastKnownGoodVersion: 'v1', phase: 'progressing' as const, rollingSince: T0, revision: 1 };
    await s.store.saveRollout({ rollout, expectedRevision: 0, upserts: [], removals: [] });
    await s.store.appendAudit({ id: 'a1', at: T0 - 100, actor: 'cli:bob', action: 'begin-downtime', target: R2, cluster: P, detail: 'disk swap', outcome: 'ok' });

    let frame = await h.shows(`› ${CLUSTER}`);
    await h.shows(R2);
    h.press('2');
    frame = await h.shows(`topology of ${CLUSTER}`);
    expect(frame).toContain(R1);
    h.press('3');
    await h.shows('── problems');
    h.press('4');
    frame = await h.shows('rec1');
    expect(rowWith(frame, 'rec1')).toContain('succeeded');
    h.press(KEYS.enter);
    await h.shows('› rec1');
    h.press(KEYS.escape);
    h.press('5');
    frame = await h.shows('prod/api');
    expect(frame).toContain('S7');
    h.press('6');
    frame = await h.shows('disk swap');
    expect(rowWith(frame, 'disk swap')).toContain('cli:bob');
    expect(frame).not.toContain('error:');
    h.press('T');
    expect(await h.shows('read-only')).not.toContain('promote which server?');

    // The snapshot crosses JSON unchanged on the SQLite store too (toStrictEqual tells undefined from absent).
    for (const { id: screen } of SCREENS) {
      const recoveryId = screen === 'recoveries' ? 'rec1' : null;
      const signal = new AbortController().signal;
      expect(await source.load(P, 0, { screen, recoveryId }, signal)).toStrictEqual(await loadDashboard(s.ctx, P, 0, { screen, recoveryId }));
    }
    expect(source.actor).toBe('api:viewer');
  });

  it('an action goes through the API and is audited as the credential’s actor', async () => {
    const { s, h } = await setup(ADMIN_TOKEN);
    await h.shows(R2);
    h.press('T');
    await h.shows('promote which server?');
    h.press(KEYS.enter);
    let frame = await h.shows('Confirm');
    expect(frame).toContain(`Graceful takeover of cluster ${P}: promote ${R1}.`);
    expect(frame).toContain('audited as api:ops');
    expect(mutations(s.control.calls)).toEqual([]);
    h.press('y');
    frame = await h.shows('✓ takeover');
    expect(rowWith(frame, '✓ takeover')).toMatch(/succeeded, write window/);
    expect((await s.store.listClusters()).find((c) => c.alias === CLUSTER)?.primary).toEqual(parseInstanceKey(R1));
    expect((await s.store.listAudit()).map((a) => [a.actor, a.action, a.outcome])).toEqual([['api:ops', 'graceful-takeover', 'ok']]);
    // The refresh after the action shows the new tree.
    h.press('x');
    await h.frame((fr) => !fr.includes('✓ takeover') && fr.split('\n').some((l) => l.startsWith(`${R1} `) && l.includes('primary')));
  });

  it('relocate, downtime, ack, seed abort and rollout pause run through the API; a refused rollout abort changes nothing', async () => {
    const { s, h } = await setup(ADMIN_TOKEN, { screen: 'topology' });
    await s.store.registerRecovery(makeRecovery({ id: 'r9', cluster: P, clusterAlias: CLUSTER, startedAt: T0 - 1_000 }));
    await s.store.finishRecovery('r9', { status: 'succeeded', endedAt: T0, successor: null, lost: [], summary: 'done', dataLoss: false });
    await s.store.createSeed({ ...newSeed({ id: 'S7', method: 'mariabackup', source: parseInstanceKey(R1), target: parseInstanceKey(R2), now: T0 }), status: 'Running', startedAt: T0 });
    const moving = { ...newRollout({ namespace: 'prod', entity: 'api' }, T0), targetVersion: 'v2', rollingVersion: 'v2', lastKnownGoodVersion: 'v1', phase: 'progressing' as const, rollingSince: T0, revision: 1 };
    await s.store.saveRollout({ rollout: moving, expectedRevision: 0, upserts: [], removals: [] });
    await s.store.saveRollout({ rollout: { ...newRollout({ namespace: 'prod', entity: 'idle' }, T0), revision: 1 }, expectedRevision: 0, upserts: [], removals: [] });

    await h.shows(R2);
    h.press('G');
    await h.frame((fr) => cursorOn(fr, R2));
    h.press('M');
    await h.shows('below which server?');
    h.press(KEYS.down);
    await h.shows(`› ${R1}`);
    h.press(KEYS.enter);
    await h.shows(`Relocate ${R2} to replicate from ${R1}.`);
    h.press('y');
    await h.shows(`✓ ${R2} now replicates from ${R1}`);
    expect(s.control.calls).toContain(`changeSource ${R2} ${R1} auto`);
    h.press('x');

    h.press('g');
    await h.frame((fr) => cursorOn(fr, P));
    h.press('D');
    await h.shows('for how long?');
    h.press('j');
    await h.shows('› 1 hour');
    h.press(KEYS.enter);
    h.press('y');
    await h.shows(`✓ ${P} downtimed for 1h00m`);
    expect((await s.store.listDowntime(T0)).map((d) => [d.owner, d.reason, d.until - d.beganAt])).toEqual([['api:ops', 'set from the dashboard', 3_600_000]]);
    h.press('x');
    h.press('U');
    await h.shows(`End the downtime of ${P}.`);
    h.press('y');
    await h.shows(`✓ downtime of ${P} ended`);
    expect(await s.store.listDowntime(T0)).toEqual([]);
    h.press('x');

    h.press('4');
    await h.shows('UNACKED');
    h.press('A');
    await h.shows(`Acknowledge every unacknowledged recovery of cluster ${P}.`);
    h.press('y');
    await h.shows('✓ acknowledged 1 recovery');
    h.press('x');
    await h.shows('acked by api:ops');

    h.press('5');
    await h.shows('rollout prod/idle');
    h.press('X');
    await h.shows('Abort seed S7.');
    h.press('y');
    await h.shows('✓ seed S7: abort requested');
    expect((await s.store.getSeed('S7'))?.abortRequested).toBe(true);
    h.press('x');
    h.press('j');
    await h.frame((fr) => cursorOn(fr, 'prod/api'));
    h.press('P');
    h.press('y');
    await h.shows('✓ rollout prod/api paused');
    h.press('x');
    h.press('j');
    await h.frame((fr) => cursorOn(fr, 'prod/idle'));
    h.press('X');
    await h.shows('Abort rollout prod/idle.');
    h.press('y');
    await h.shows('✗ orc_refused: rollout prod/idle: nothing to abort');
    expect((await s.store.getRollout({ namespace: 'prod', entity: 'idle' }))?.revision).toBe(1);
    expect(new Set((await s.store.listAudit()).map((a) => a.actor))).toEqual(new Set(['api:ops']));
  });

  it('refusals come back as coded errors shown in place: a read credential, and a lock held', async () => {
    const viewer = await setup(READ_TOKEN, { screen: 'topology' });
    await viewer.h.shows(R2);
    viewer.h.press('G');
    viewer.h.press('D');
    await viewer.h.shows('for how long?');
    viewer.h.press(KEYS.enter);
    expect(await viewer.h.shows('Confirm')).toContain('audited as api:viewer');
    viewer.h.press('y');
    const refused = await viewer.h.shows('✗ orc_forbidden');
    expect(rowWith(refused, '✗')).toBe('✗ orc_forbidden: credential "viewer" has the read role: mutations need admin');
    expect(await viewer.s.store.listDowntime(T0)).toEqual([]);
    unmountAll();

    const ops = await setup(ADMIN_TOKEN);
    await ops.s.store.acquireLock({ instance: parseInstanceKey(R2), owner: 'cli:bob relocate x', reason: 'move it', acquiredAt: T0, expiresAt: T0 + 60_000 }, T0);
    await ops.h.shows(R2);
    ops.h.press('T');
    await ops.h.shows('promote which server?');
    ops.h.press(KEYS.enter);
    await ops.h.shows('Confirm');
    ops.h.press('y');
    const frame = await ops.h.shows('✗ orc_lock_held');
    expect(rowWith(frame, '✗')).toMatch(/✗ orc_lock_held: .*locked by cli:bob relocate x/);
    expect(mutations(ops.s.control.calls)).toEqual([]);
    // The pre-seed checks refuse (no agents registered): one orc_refused line, no seed.
    ops.h.press('x');
    ops.h.press('2');
    await ops.h.shows(`topology of ${CLUSTER}`);
    ops.h.press('G');
    await ops.h.frame((fr) => cursorOn(fr, R2));
    ops.h.press('S');
    await ops.h.shows('from which server?');
    ops.h.press(KEYS.enter);
    await ops.h.shows('with which method?');
    ops.h.press(KEYS.enter);
    await ops.h.shows(`Seed ${R2} from ${P}`);
    ops.h.press('y');
    await ops.h.shows('✗ orc_refused');
    expect(await ops.s.store.listSeeds()).toEqual([]);
  });

  it('a credential the service refuses every action opens without action keys; admin, --read-only and an API not up yet as asked', async () => {
    const s = await sqliteApi();
    opened.push(s);
    const viewer = await apiDashboardWiring(s.client(READ_TOKEN), 1000, false, 'orc @ x');
    expect(viewer.actions).toBeNull();
    expect(viewer.title).toBe(`orc (read-only: credential "viewer" has the read role: mutations need admin) @ ${s.api.url}`);
    const ops = await apiDashboardWiring(s.client(ADMIN_TOKEN), 1000, false, 'orc @ x');
    expect(ops.actions).not.toBeNull();
    expect(ops.title).toBe('orc @ x');
    const asked = await apiDashboardWiring(s.client(ADMIN_TOKEN), 1000, true, 'orc (read-only) @ x');
    expect([asked.actions, asked.title]).toEqual([null, 'orc (read-only) @ x']);

    // The viewer's dashboard: read-only footer, and the downtime key opens nothing.
    const h = renderApp({ source: viewer.source, clock: new FakeClock(T0) }, { actions: viewer.actions, screen: 'topology' });
    await h.shows(R2);
    expect(await h.shows('read-only ·')).not.toContain('downtime');
    h.press('D');
    h.press('r');
    await h.shows(R2);
    expect(h.app.lastFrame()).not.toContain('for how long?');
    expect(await s.store.listAudit()).toEqual([]);

    // The service not answering at start: the keys stay, and each action would say why it failed.
    await s.stopApi();
    const early = await apiDashboardWiring(s.client(READ_TOKEN), 1000, false, 'orc @ x');
    expect(early.actions).not.toBeNull();
  });

  it('a wrong credential shows the API’s orc_unauthenticated and no data', async () => {
    const { h } = await setup('not-the-token-at-all');
    const frame = await h.shows('error:');
    expect(rowWith(frame, 'error:')).toBe('error: orc_unauthenticated: wrong credential');
    expect(frame).not.toContain(R2);
    expect(frame).not.toContain('STALE');
  });

  it('the API going down keeps the last frame, says it is unreachable and how old the data shown is', async () => {
    const { s, h, clock } = await setup(ADMIN_TOKEN);
    await h.shows(R2);
    await s.stopApi();
    clock.advance(12_000);
    // A refresh cut off mid-answer fails with UND_ERR_SOCKET; the next ones find the port closed.
    const frame = await h.frame((f) => f.includes('STALE') && f.includes('ECONNREFUSED'));
    expect(rowWith(frame, 'error:')).toBe(`error: orc_unreachable: cannot reach the orc API at ${s.api.url}: ECONNREFUSED`);
    expect(rowWith(frame, 'STALE')).toBe('⚠ STALE: refreshes are failing; the data shown is 12s old');
    expect(frame).toContain(`› ${CLUSTER}`);
    expect(frame).toContain(R2);
    // Still responsive: keys work while every refresh fails.
    h.press('?');
    await h.shows('Keys');
  });
});
