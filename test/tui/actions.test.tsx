import { afterEach, describe, expect, it } from 'vitest';
import { parseInstanceKey } from '../../core/model/instance-key.js';
import { newRollout } from '../../core/rollouts/rollout.js';
import { newSeed } from '../../core/seeds/seed.js';
import { commandActions } from '../../tui/lib/command-actions.js';
import { makeRecovery } from '../support/recovery-builder.js';
import { CLUSTER, commandFixture, P, R1, R2, T0 } from '../unit/commands/command-fixture.js';
import { KEYS, renderApp, rowWith, unmountAll } from './fixtures/app-harness.js';
import { cursorOn, mutations } from './fixtures/frame-queries.js';

afterEach(unmountAll);

async function setup(screen: Parameters<typeof renderApp>[1] extends infer O ? (O extends { screen?: infer S } ? S : never) : never = 'clusters') {
  const f = await commandFixture();
  const tui = { ...f.ctx, actor: 'tui:alice' };
  const h = renderApp(f.ctx, { screen, actions: commandActions(tui) });
  return { f, h };
}

describe('dashboard actions', () => {
  it('takeover: T picks the target, the confirmation says what will happen, y runs it through the command layer', async () => {
    const { f, h } = await setup();
    await h.shows(`› ${CLUSTER}`);
    await h.shows(R2);
    h.press('T');
    let frame = await h.shows('promote which server?');
    expect(frame).toContain(`› ${R1}  replica`);
    expect(frame).toContain(`  ${R2}  replica`);
    h.press(KEYS.enter);
    frame = await h.shows('Confirm');
    expect(frame).toContain(`Graceful takeover of cluster ${P}: promote ${R1}.`);
    expect(frame).toContain('audited as tui:alice');
    expect(mutations(f.control.calls)).toEqual([]);
    h.press('y');
    frame = await h.shows('✓ takeover');
    expect(rowWith(frame, '✓ takeover')).toMatch(/succeeded, write window/);
    expect((await f.store.listClusters()).find((c) => c.alias === CLUSTER)?.primary).toEqual(parseInstanceKey(R1));
    expect((await f.store.listAudit()).map((a) => [a.actor, a.action, a.outcome])).toEqual([['tui:alice', 'graceful-takeover', 'ok']]);
    h.press('x');
    await h.frame((fr) => !fr.includes('✓ takeover'));
  });

  it('takeover cancelled with n, or refused with the coded error shown in place, changes nothing', async () => {
    const { f, h } = await setup();
    await h.shows(R2);
    h.press('T');
    await h.shows('promote which server?');
    h.press(KEYS.enter);
    await h.shows('Confirm');
    h.press('n');
    await h.frame((fr) => !fr.includes('Confirm'));
    expect(f.control.calls).toEqual([]);
    await f.store.acquireLock({ instance: parseInstanceKey(R2), owner: 'cli:bob relocate x', reason: 'move it', acquiredAt: T0, expiresAt: T0 + 60_000 }, T0);
    h.press('T');
    await h.shows('promote which server?');
    h.press(KEYS.enter);
    await h.shows('Confirm');
    h.press('y');
    const frame = await h.shows('✗ orc_lock_held');
    expect(rowWith(frame, '✗')).toMatch(/✗ orc_lock_held: .*locked by cli:bob relocate x/);
    expect(mutations(f.control.calls)).toEqual([]);
    expect((await f.store.listClusters()).find((c) => c.alias === CLUSTER)?.primary).toEqual(parseInstanceKey(P));
  });

  it('relocate: M on a replica picks its new source among servers not below it', async () => {
    const { f, h } = await setup('topology');
    await h.shows(R2);
    h.press('G');
    await h.frame((fr) => cursorOn(fr, R2));
    h.press('M');
    const frame = await h.shows('below which server?');
    expect(frame).toContain(`› ${P}  primary`);
    expect(frame).not.toContain(`${R2}  replica`);
    h.press(KEYS.down);
    await h.shows(`› ${R1}`);
    h.press(KEYS.enter);
    await h.shows(`Relocate ${R2} to replicate from ${R1}.`);
    h.press('y');
    await h.shows(`✓ ${R2} now replicates from ${R1}`);
    expect(f.control.calls).toContain(`changeSource ${R2} ${R1} auto`);
  });

  it('downtime: D picks a duration and begins it as tui:alice; U ends it', async () => {
    const { f, h } = await setup('topology');
    await h.shows(R1);
    h.press('j');
    await h.frame((fr) => cursorOn(fr, R1));
    h.press('D');
    await h.shows('for how long?');
    h.press('j');
    await h.shows('› 1 hour');
    h.press(KEYS.enter);
    await h.shows(`Downtime ${R1} for 1h00m.`);
    h.press('y');
    await h.shows(`✓ ${R1} downtimed for 1h00m`);
    expect((await f.store.listDowntime(T0)).map((d) => [d.owner, d.until - d.beganAt])).toEqual([['tui:alice', 3_600_000]]);
    h.press('x');
    h.press('U');
    await h.shows(`End the downtime of ${R1}.`);
    h.press('y');
    await h.shows(`✓ downtime of ${R1} ended`);
    expect(await f.store.listDowntime(T0)).toEqual([]);
  });

  it('ack: A on a recovery acknowledges its cluster’s recoveries', async () => {
    const f = await commandFixture();
    await f.store.registerRecovery(makeRecovery({ id: 'r9', cluster: P, clusterAlias: CLUSTER, startedAt: T0 - 1_000 }));
    await f.store.finishRecovery('r9', { status: 'succeeded', endedAt: T0, successor: null, lost: [], summary: 'done' });
    const h = renderApp(f.ctx, { screen: 'recoveries', actions: commandActions({ ...f.ctx, actor: 'tui:alice' }) });
    await h.shows('UNACKED');
    h.press('A');
    await h.shows(`Acknowledge every unacknowledged recovery of cluster ${P}.`);
    h.press('y');
    await h.shows('✓ acknowledged 1 recovery');
    h.press('x');
    await h.shows('acked by tui:alice');
  });

  it('start seed: a refusal from the pre-seed checks is shown with its code and creates no seed', async () => {
    const { f, h } = await setup('topology');
    await h.shows(R2);
    h.press('G');
    await h.frame((fr) => cursorOn(fr, R2));
    h.press('S');
    await h.shows('from which server?');
    h.press(KEYS.enter);
    await h.shows('with which method?');
    h.press(KEYS.enter);
    const confirm = await h.shows('ALL DATA');
    expect(confirm).toContain(`Seed ${R2} from ${P} with mariabackup.`);
    h.press('y');
    await h.shows('✗ orc_refused');
    expect(await f.store.listSeeds()).toEqual([]);
  });

  it('seeds and rollouts: X aborts a seed, P pauses a rollout; aborting an idle rollout is refused and changes nothing', async () => {
    const f = await commandFixture();
    await f.store.createSeed({ ...newSeed({ id: 'S7', method: 'mariabackup', source: parseInstanceKey(R1), target: parseInstanceKey(R2), now: T0 }), status: 'Running', startedAt: T0 });
    const moving = { ...newRollout({ namespace: 'prod', entity: 'api' }, T0), targetVersion: 'v2', rollingVersion: 'v2', lastKnownGoodVersion: 'v1', phase: 'progressing' as const, rollingSince: T0, revision: 1 };
    await f.store.saveRollout({ rollout: moving, expectedRevision: 0, upserts: [], removals: [] });
    await f.store.saveRollout({ rollout: { ...newRollout({ namespace: 'prod', entity: 'idle' }, T0), revision: 1 }, expectedRevision: 0, upserts: [], removals: [] });
    const h = renderApp(f.ctx, { screen: 'seeds', actions: commandActions({ ...f.ctx, actor: 'tui:alice' }) });
    await h.shows('rollout prod/idle');
    h.press('X');
    await h.shows('Abort seed S7.');
    h.press('y');
    await h.shows('✓ seed S7: abort requested');
    expect((await f.store.getSeed('S7'))?.abortRequested).toBe(true);
    h.press('x');
    h.press('j');
    await h.frame((fr) => cursorOn(fr, 'prod/api'));
    h.press('P');
    await h.shows('Pause rollout prod/api.');
    h.press('y');
    await h.shows('✓ rollout prod/api paused');
    h.press('x');
    h.press('j');
    await h.frame((fr) => cursorOn(fr, 'prod/idle'));
    h.press('X');
    await h.shows('Abort rollout prod/idle.');
    h.press('y');
    await h.shows('✗ orc_refused: rollout prod/idle: nothing to abort');
    expect((await f.store.getRollout({ namespace: 'prod', entity: 'idle' }))?.revision).toBe(1);
  });

  it('read-only mode hides the action keys: T does nothing and the footer says read-only', async () => {
    const f = await commandFixture();
    const h = renderApp(f.ctx, { actions: null });
    await h.shows(R2);
    h.press('T');
    h.press('?');
    const frame = await h.shows('Keys');
    expect(frame).not.toContain('promote which server?');
    expect(frame).toContain('read-only mode: actions are hidden');
    h.press(KEYS.escape);
    expect(await h.frame((fr) => !fr.includes('Keys'))).toContain('read-only');
    expect(f.control.calls).toEqual([]);
  });

  it('an action key where it does not apply says what it needs', async () => {
    const { h } = await setup('audit');
    await h.shows('entries');
    h.press('M');
    await h.shows('✗ M relocate: put the cursor on a replica in the topology screen (2)');
  });
});
