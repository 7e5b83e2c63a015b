import { describe, expect, it } from 'vitest';
import { controlRollout } from '../../../../core/commands/control-rollout.js';
import { rolloutDetail } from '../../../../core/commands/rollout-detail.js';
import { FleetLoop } from '../../../../core/rollouts/fleet/fleet-loop.js';
import { parseFleetVariable } from '../../../../core/rollouts/fleet/fleet-variable.js';
import { RolloutEngine } from '../../../../core/rollouts/rollout-engine.js';
import { silentLogger } from '../../../../core/ports/logger.js';
import { P, R1, R2 } from '../../commands/command-fixture.js';
import { harness, LEASE, runToEnd, type Harness } from './fleet-harness.js';

function breakReplicationOnSet(h: Harness, server: string): void {
  h.vars.onSet = (s, name, value) => {
    if (s !== server || name !== 'slave_max_statement_time' || value !== '0.000001') return;
    h.f.probe.update(s, (facts) => ({
      ...facts,
      replication: facts.replication.map((c) => ({ ...c, sqlRunning: false, lagSeconds: null, lastSqlErrno: 4192, lastSqlError: 'slave_max_statement_time exceeded' })),
    }));
  };
}

describe('the fleet controller', () => {
  it('changes the replicas one batch at a time, each after the previous one passed its soak, and completes', async () => {
    const h = await harness();
    const id = await h.start();
    expect(id).toMatch(/^r-[0-9a-z]{10}$/);
    await h.tick();
    expect(h.vars.sets.map((s) => s.server)).toEqual([R1]);
    h.f.tick(3000);
    await h.tick();
    // R1 has passed its gates for 3 s of a 5 s soak: R2 waits.
    expect(h.vars.sets.map((s) => s.server)).toEqual([R1]);
    await runToEnd(h, id);
    expect(h.vars.sets).toEqual([
      { server: R1, name: 'slave_net_timeout', value: '30' },
      { server: R2, name: 'slave_net_timeout', value: '30' },
    ]);
    expect(h.vars.get(P, 'slave_net_timeout')).toBe('60');
    const d = await rolloutDetail(h.f.ctx, id);
    expect(d.rollout.phase).toBe('completed');
    expect(d.fleet!.servers.map((s) => [s.name, s.applied, s.previous])).toEqual([
      [R1, 'after', { slave_net_timeout: '60' }],
      [R2, 'after', { slave_net_timeout: '60' }],
    ]);
    expect(d.fleet!.steps.map((s) => `${s.server} ${s.action} ${s.outcome}`)).toEqual([`${R1} apply ok`, `${R2} apply ok`]);
    const actions = (await h.f.store.listAudit()).map((a) => a.action).reverse();
    expect(actions).toEqual(['rollout-start', 'rollout-step-started', 'rollout-server-changed', 'rollout-step-done', 'rollout-step-started', 'rollout-server-changed', 'rollout-marked-good', 'rollout-step-done', 'rollout-completed']);
  });

  it('rolls back a change that breaks replication on the first replica, never touching the others', async () => {
    const h = await harness();
    breakReplicationOnSet(h, R1);
    const id = await h.start({ variables: [parseFleetVariable('slave_max_statement_time=0.000001')] });
    await runToEnd(h, id);
    expect(h.vars.sets).toEqual([
      { server: R1, name: 'slave_max_statement_time', value: '0.000001' },
      { server: R1, name: 'slave_max_statement_time', value: '0.000000' },
    ]);
    expect(h.vars.get(R2, 'slave_max_statement_time')).toBe('0.000000');
    expect(h.f.control.callsOf('startReplica')).toHaveLength(1);
    const d = await rolloutDetail(h.f.ctx, id);
    expect(d.rollout).toMatchObject({ phase: 'rolled-back', lastKnownBadVersion: 'after', lastKnownGoodVersion: 'before' });
    expect(d.fleet!.steps.map((s) => `${s.server} ${s.action} ${s.outcome}`)).toEqual([`${R1} apply ok`, `${R1} restore ok`]);
    const audit = await h.f.store.listAudit();
    const failed = audit.find((a) => a.action === 'rollout-failed')!;
    expect(failed.detail).toContain('after marked bad');
    expect(failed.detail).toContain(R1);
    expect(audit.some((a) => a.action === 'rollout-rolled-back')).toBe(true);
    // Every engine event of a fleet rollout names its cluster, so its notification goes to that cluster's channel.
    expect(audit.filter((a) => a.action === 'rollout-failed' || a.action === 'rollout-rolled-back').map((a) => a.cluster)).toEqual([d.fleet!.cluster, d.fleet!.cluster]);
    expect(audit.find((a) => a.action === 'rollout-server-restored')!.detail).toContain('restored slave_max_statement_time=0.000000; replication restarted');
  });

  it('rolls back what was changed when aborted mid-rollout', async () => {
    const h = await harness();
    const id = await h.start();
    await h.tick();
    expect(h.vars.get(R1, 'slave_net_timeout')).toBe('30');
    await controlRollout(h.f.ctx, { namespace: 'orc', entity: id }, { kind: 'abort', reason: 'test' });
    await runToEnd(h, id);
    expect(h.vars.get(R1, 'slave_net_timeout')).toBe('60');
    expect(h.vars.sets.filter((s) => s.server === R2)).toEqual([]);
    expect((await rolloutDetail(h.f.ctx, id)).rollout.phase).toBe('rolled-back');
    expect((await h.f.store.listAudit()).find((a) => a.action === 'rollout-abort')).toMatchObject({ actor: 'cli:alice', outcome: 'ok' });
  });

  it('ends an aborted rollout that changed nothing yet as rolled back, changing nothing', async () => {
    const h = await harness();
    const id = await h.start();
    await controlRollout(h.f.ctx, { namespace: 'orc', entity: id }, { kind: 'abort' });
    await runToEnd(h, id);
    expect(h.vars.sets).toEqual([]);
    expect((await rolloutDetail(h.f.ctx, id)).rollout.phase).toBe('rolled-back');
  });

  it('pauses between steps until promoted', async () => {
    const h = await harness();
    const id = await h.start({ pauseBetweenSteps: true });
    for (let i = 0; i < 5; i++) {
      await h.tick();
      h.f.tick(2000);
    }
    expect((await rolloutDetail(h.f.ctx, id)).rollout.phase).toBe('paused');
    expect(h.vars.sets.map((s) => s.server)).toEqual([R1]);
    await controlRollout(h.f.ctx, { namespace: 'orc', entity: id }, { kind: 'promote' });
    await runToEnd(h, id);
    expect(h.vars.sets.map((s) => s.server)).toEqual([R1, R2]);
  });

  it('changes the primary last, after a takeover, once every replica succeeded', async () => {
    const h = await harness();
    const id = await h.start({ includePrimary: true, batchSize: 2 });
    for (let i = 0; i < 10 && h.takeovers.length === 0; i++) {
      expect(h.vars.sets.map((s) => s.server)).toEqual(i === 0 ? [] : [R1, R2]);
      await h.tick();
      h.f.tick(2000);
    }
    // The fake takeover moves nothing: P still replicates from nobody afterwards, and is changed as the last step.
    expect(h.takeovers).toEqual([P]);
    expect(h.vars.sets.map((s) => s.server)).toEqual([R1, R2, P]);
    const steps = (await rolloutDetail(h.f.ctx, id)).fleet!.steps;
    // The primary went only after both replicas passed their soak (5 s).
    expect(steps[2]!.at - steps[1]!.at).toBeGreaterThan(5000);
    await runToEnd(h, id);
    expect((await rolloutDetail(h.f.ctx, id)).fleet!.steps.map((s) => `${s.server} ${s.action}`)).toEqual([`${R1} apply`, `${R2} apply`, `${P} takeover`, `${P} apply`]);
  });

  it('fails the change on the primary, and rolls back, when the takeover fails', async () => {
    const h = await harness(async () => ({ ok: false, detail: 'no candidate' }));
    const id = await h.start({ includePrimary: true, batchSize: 2 });
    await runToEnd(h, id);
    expect(h.vars.get(P, 'slave_net_timeout')).toBe('60');
    expect(h.vars.get(R1, 'slave_net_timeout')).toBe('60');
    expect(h.vars.get(R2, 'slave_net_timeout')).toBe('60');
    expect((await rolloutDetail(h.f.ctx, id)).rollout.phase).toBe('rolled-back');
  });

  it('records a refused SET as a failed step and rolls that server back', async () => {
    const h = await harness();
    h.vars.refuse = (server, _name, value) => server === R1 && value === '30';
    const id = await h.start();
    await runToEnd(h, id);
    const d = await rolloutDetail(h.f.ctx, id);
    expect(d.rollout.phase).toBe('rolled-back');
    expect(d.fleet!.steps[0]).toMatchObject({ server: R1, action: 'apply', outcome: 'failed' });
    expect(h.vars.sets.filter((s) => s.server === R2)).toEqual([]);
  });

  it('refuses a second rollout of the same cluster and bad input, storing nothing', async () => {
    const h = await harness();
    await h.start();
    await expect(h.start()).rejects.toMatchObject({ code: 'orc_refused' });
    await expect(h.start({ batchSize: 1, steps: [1] })).rejects.toMatchObject({ code: 'orc_bad_input' });
    await expect(h.start({ cluster: 'nope' })).rejects.toMatchObject({ code: 'orc_unknown_cluster' });
    expect(await h.f.store.listFleetRollouts()).toHaveLength(1);
    expect((await h.f.store.listAudit()).filter((a) => a.action === 'rollout-start').map((a) => a.outcome)).toEqual(['refused', 'ok']);
  });

  it('logs a rollout whose tick fails and goes on with the others', async () => {
    const h = await harness();
    const id = await h.start();
    const orphan = { ...(await h.f.store.getFleetRollout(id))!, id: 'r-orphan', cluster: 'elsewhere', createdAt: 1 };
    await h.f.store.createFleetRollout(orphan);
    const summary = await h.tick();
    expect(summary).toMatchObject({ ran: true, rollouts: 2, moved: 1, failed: 1 });
    expect(h.vars.sets.map((s) => s.server)).toEqual([R1]);
  });

  it('stops writing once its lease was taken over (orc_deposed), changing nothing more', async () => {
    const h = await harness();
    const id = await h.start();
    await h.f.store.releaseLease(LEASE, 'orc-1');
    await h.f.store.tryAcquireLease(LEASE, 'orc-2', 3_600_000);
    const summary = await h.tick();
    expect(summary.ran).toBe(false);
    expect(h.vars.sets).toEqual([]);
    expect((await h.f.store.getFleetRollout(id))!.revision).toBe(1);
  });

  it('does nothing while this orc does not lead', async () => {
    const h = await harness();
    await h.start();
    const idle = await new FleetLoop({
      store: h.f.store,
      engine: new RolloutEngine({ store: h.f.store, clock: h.f.ctx.clock }),
      probe: h.f.probe,
      variables: h.vars,
      control: h.f.control,
      clock: h.f.ctx.clock,
      logger: silentLogger,
      leadership: { mayAct: () => false, token: () => null },
      tickMs: 1000,
      takeover: async () => ({ ok: true, detail: '' }),
    }).tick(new AbortController().signal);
    expect(idle.ran).toBe(false);
    expect(h.vars.sets).toEqual([]);
  });
});
