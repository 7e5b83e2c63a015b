import { describe, expect, it } from 'vitest';
import { controlRollout } from '../../../../core/commands/control-rollout.js';
import { rolloutDetail } from '../../../../core/commands/rollout-detail.js';
import { rolloutDetailJson } from '../../../../src/cli/format/fleet-rollout-json.js';
import { rolloutDetailText } from '../../../../src/cli/format/rollout-text.js';
import { R1, R2 } from '../../commands/command-fixture.js';
import { agentUrl, harness, registerAgents, runToEnd } from './fleet-harness.js';

describe('a fleet rollout persisting its change through the agents', () => {
  it('has each server with an agent write the change in its option file after SET GLOBAL; a server without one keeps SET GLOBAL only', async () => {
    const h = await harness();
    await registerAgents(h, [R1]);
    h.f.agents.setOptionFile(agentUrl(R1), '/etc/mysql/orc-3307.cnf', { slave_net_timeout: '45' });
    const id = await h.start({ batchSize: 2 });
    await runToEnd(h, id);
    expect(h.f.agents.persisted(agentUrl(R1))).toEqual({ slave_net_timeout: '30' });
    expect(h.f.agents.calls.filter((c) => c.op === 'persistVariables').map((c) => [c.url, c.changes])).toEqual([[agentUrl(R1), [{ name: 'slave_net_timeout', value: '30' }]]]);
    const d = await rolloutDetail(h.f.ctx, id);
    expect(d.rollout.phase).toBe('completed');
    const r1 = d.fleet!.servers.find((s) => s.name === R1)!;
    expect(r1).toMatchObject({ persisted: true, persistedBefore: { file: '/etc/mysql/orc-3307.cnf', values: { slave_net_timeout: '45' } } });
    expect(d.fleet!.servers.find((s) => s.name === R2)!.persistedBefore).toBeNull();
    expect(d.fleet!.steps.map((s) => s.detail)).toEqual(['set slave_net_timeout=30; persisted in /etc/mysql/orc-3307.cnf', 'set slave_net_timeout=30']);
    const json = rolloutDetailJson(d);
    expect(json.fleet!.servers.map((s) => [s.name, s.persisted, s.persistence, s.optionFile])).toEqual([
      [R1, true, 'persisted', '/etc/mysql/orc-3307.cnf'],
      [R2, false, 'set-global-only', null],
    ]);
    const text = rolloutDetailText(json).join('\n');
    expect(text).toMatch(/127\.0\.0\.1:3307 +replica +after +after +slave_net_timeout=60 +yes \(\/etc\/mysql\/orc-3307\.cnf\) +passing/);
    expect(text).toMatch(/127\.0\.0\.1:3308 +replica +after +after +slave_net_timeout=60 +no \(no agent option file\) +passing/);
  });

  it('puts the option file back as it was on abort: an earlier line restored, a new line removed', async () => {
    const h = await harness();
    await registerAgents(h, [R1, R2]);
    h.f.agents.setOptionFile(agentUrl(R1), '/etc/mysql/orc-3307.cnf', { slave_net_timeout: '45', max_connections: '90' });
    const id = await h.start({ batchSize: 2, pauseBetweenSteps: true });
    await h.tick();
    expect(h.f.agents.persisted(agentUrl(R1))).toEqual({ slave_net_timeout: '30', max_connections: '90' });
    expect(h.f.agents.persisted(agentUrl(R2))).toEqual({ slave_net_timeout: '30' });
    await controlRollout(h.f.ctx, { namespace: 'orc', entity: id }, { kind: 'abort', reason: 'test' });
    await runToEnd(h, id);
    expect(h.f.agents.persisted(agentUrl(R1))).toEqual({ slave_net_timeout: '45', max_connections: '90' });
    expect(h.f.agents.persisted(agentUrl(R2))).toEqual({});
    const d = await rolloutDetail(h.f.ctx, id);
    expect(d.rollout.phase).toBe('rolled-back');
    expect(rolloutDetailJson(d).fleet!.servers.map((s) => s.persistence)).toEqual(['restored', 'restored']);
    expect(d.fleet!.steps.filter((s) => s.action === 'restore').map((s) => s.detail)).toEqual([
      'restored slave_net_timeout=60; /etc/mysql/orc-3307.cnf as before',
      'restored slave_net_timeout=60; /etc/mysql/orc-3308.cnf as before',
    ]);
  });

  it('fails the change, and rolls it back (the file written as before, retried until it works), when the agent cannot write the option file', async () => {
    const h = await harness();
    await registerAgents(h, [R1, R2]);
    h.f.agents.failPersist(agentUrl(R1), 'disk full');
    const id = await h.start();
    for (let i = 0; i < 12; i++) {
      await h.tick();
      h.f.tick(2000);
    }
    const failing = (await rolloutDetail(h.f.ctx, id)).fleet!.steps;
    expect(failing.slice(0, 2).map((s) => `${s.server} ${s.action} ${s.outcome}`)).toEqual([`${R1} apply failed`, `${R1} restore failed`]);
    expect(failing[0]!.detail).toContain('persisting it in /etc/mysql/orc-3307.cnf failed: orc_operation_failed: disk full');
    h.f.agents.failPersist(agentUrl(R1), null);
    await runToEnd(h, id);
    const d = await rolloutDetail(h.f.ctx, id);
    expect(d.rollout.phase).toBe('rolled-back');
    expect(d.fleet!.steps.at(-1)).toMatchObject({ server: R1, action: 'restore', outcome: 'ok' });
    expect(h.f.agents.persisted(agentUrl(R1))).toEqual({});
    expect(h.vars.get(R1, 'slave_net_timeout')).toBe('60');
    expect(h.vars.sets.filter((s) => s.server === R2)).toEqual([]);
  });

  it('changes nothing on a server whose registered agent does not answer', async () => {
    const h = await harness();
    await registerAgents(h, [R1]);
    h.f.agents.setDown(agentUrl(R1), true);
    const id = await h.start();
    await runToEnd(h, id);
    const d = await rolloutDetail(h.f.ctx, id);
    expect(d.rollout.phase).toBe('rolled-back');
    expect(d.fleet!.steps[0]).toMatchObject({ server: R1, action: 'apply', outcome: 'failed' });
    expect(d.fleet!.steps[0]!.detail).toMatch(/^not changed: /);
    expect(h.vars.sets).toEqual([]);
  });

  it('keeps SET GLOBAL only on a server whose agent has no option file', async () => {
    const h = await harness();
    await registerAgents(h, [R1, R2], false);
    const id = await h.start({ batchSize: 2 });
    await runToEnd(h, id);
    const d = await rolloutDetail(h.f.ctx, id);
    expect(d.rollout.phase).toBe('completed');
    expect(d.fleet!.servers.map((s) => s.persistedBefore)).toEqual([null, null]);
    expect(h.f.agents.calls.filter((c) => c.op === 'persistVariables')).toEqual([]);
  });
});
