import { describe, expect, it } from 'vitest';
import { controlRollout } from '../../../../core/commands/control-rollout.js';
import { rolloutDetail } from '../../../../core/commands/rollout-detail.js';
import { startFleetRollout } from '../../../../core/commands/start-fleet-rollout.js';
import { OrcError } from '../../../../core/errors.js';
import { COMMAND_GIVE_UP_MS, describeCommandRun } from '../../../../core/rollouts/fleet/fleet-agent-command.js';
import { MAX_COMMAND_OUTPUT, outputTail } from '../../../../core/rollouts/fleet/fleet-command.js';
import { rolloutDetailJson } from '../../../../src/cli/format/fleet-rollout-json.js';
import { rolloutDetailText } from '../../../../src/cli/format/rollout-text.js';
import { P, R1, R2 } from '../../commands/command-fixture.js';
import { agentUrl, harness, registerAgents, runToEnd } from './fleet-harness.js';

async function refusal(promise: Promise<unknown>): Promise<OrcError> {
  try {
    await promise;
  } catch (err) {
    return err as OrcError;
  }
  throw new Error('not refused');
}

/** A command rollout of x, batches of 1, whose run on R1 (the first) answers "running" to 1000 polls, after its first tick. */
async function longRunOnR1() {
  const h = await harness();
  await registerAgents(h, [R1, R2]);
  h.f.agents.declareCommand(agentUrl(R1), 'x', () => ({}), 1000);
  h.f.agents.declareCommand(agentUrl(R2), 'x');
  const id = await h.start({ variables: [], command: 'x', batchSize: 1 });
  await h.tick();
  return { h, id };
}

describe('a fleet rollout of an operator command run by the agents', () => {
  it('runs the command on each server in batches, records exit code and output, and completes', async () => {
    const h = await harness();
    await registerAgents(h, [R1, R2]);
    for (const s of [R1, R2]) h.f.agents.declareCommand(agentUrl(s), 'reload-plugins', () => ({ output: `reloaded on ${s}\n` }));
    const id = await h.start({ variables: [], command: 'reload-plugins' });
    await h.tick();
    // Asked for, not waited on: the first tick starts R1's run, which the agent reports running.
    expect(h.f.agents.calls.filter((c) => c.op === 'startCommand').map((c) => [c.url, c.command])).toEqual([[agentUrl(R1), { name: 'reload-plugins', phase: 'run', rollout: id, runId: expect.stringMatching(/^[A-Za-z0-9]{12}$/) }]]);
    expect((await h.f.store.getFleetRollout(id))!.servers[0]).toMatchObject({ applied: 'before', pendingRun: { phase: 'run', id: h.f.agents.calls.find((c) => c.op === 'startCommand')!.runId } });
    await runToEnd(h, id);
    const d = await rolloutDetail(h.f.ctx, id);
    expect(d.rollout.phase).toBe('completed');
    expect(d.fleet!.variables).toEqual([]);
    expect(d.fleet!.command).toBe('reload-plugins');
    expect(d.fleet!.servers.map((s) => [s.name, s.applied, s.command?.exitCode, s.command?.output])).toEqual([
      [R1, 'after', 0, `reloaded on ${R1}\n`],
      [R2, 'after', 0, `reloaded on ${R2}\n`],
    ]);
    expect(d.fleet!.steps.map((s) => s.detail)).toEqual([`ran reload-plugins: exit 0 (reloaded on ${R1})`, `ran reload-plugins: exit 0 (reloaded on ${R2})`]);
    expect(h.vars.sets).toEqual([]);
    const json = rolloutDetailJson(d);
    expect(json.fleet).toMatchObject({ command: 'reload-plugins', changes: [] });
    expect(json.fleet!.servers[0]).toMatchObject({ persistence: null, command: { phase: 'run', exitCode: 0, timedOut: false } });
    const text = rolloutDetailText(json).join('\n');
    expect(text).toContain(`rollout ${id}: command reload-plugins on ${P}`);
    expect(text).toMatch(/commands:\n {2}SERVER +PHASE +EXIT +OUTPUT \(tail\)\n {2}127\.0\.0\.1:3307 +run +0 +reloaded on 127\.0\.0\.1:3307\n/);
  });

  it('fails the step on a non-zero exit and runs the rollback on every server it ran on', async () => {
    const h = await harness();
    await registerAgents(h, [R1, R2]);
    h.f.agents.declareCommand(agentUrl(R1), 'resize', (r) => ({ output: `${r.phase} R1` }));
    h.f.agents.declareCommand(agentUrl(R2), 'resize', (r) => (r.phase === 'run' ? { exitCode: 3, output: 'line 1\nno space left' } : { output: 'rolled back R2' }));
    const id = await h.start({ variables: [], command: 'resize', batchSize: 1, soakSecs: 1 });
    await runToEnd(h, id);
    const d = await rolloutDetail(h.f.ctx, id);
    expect(d.rollout).toMatchObject({ phase: 'rolled-back', lastKnownBadVersion: 'after' });
    expect(d.fleet!.steps.map((s) => `${s.server} ${s.action} ${s.outcome}`)).toEqual([`${R1} apply ok`, `${R2} apply failed`, `${R1} restore ok`, `${R2} restore ok`]);
    expect(d.fleet!.steps[1]!.detail).toBe('ran resize: exit 3 (no space left)');
    expect(d.fleet!.steps[2]!.detail).toBe('ran the rollback of resize: exit 0 (rollback R1)');
    expect(h.f.agents.calls.filter((c) => c.op === 'startCommand').map((c) => `${c.url} ${c.command!.phase}`)).toEqual([
      `${agentUrl(R1)} run`,
      `${agentUrl(R2)} run`,
      `${agentUrl(R1)} rollback`,
      `${agentUrl(R2)} rollback`,
    ]);
    expect(d.fleet!.servers.map((s) => [s.applied, s.command?.phase])).toEqual([
      ['before', 'rollback'],
      ['before', 'rollback'],
    ]);
  });

  it('retries a rollback that fails, keeping its exit code and output', async () => {
    const h = await harness();
    await registerAgents(h, [R1, R2]);
    let rollbacks = 0;
    h.f.agents.declareCommand(agentUrl(R1), 'x', (r) => (r.phase === 'run' ? { exitCode: 1, output: 'bad' } : ++rollbacks < 2 ? { exitCode: 9, output: 'still busy' } : {}));
    h.f.agents.declareCommand(agentUrl(R2), 'x');
    const id = await h.start({ variables: [], command: 'x' });
    await runToEnd(h, id);
    const steps = (await rolloutDetail(h.f.ctx, id)).fleet!.steps;
    expect(steps.map((s) => `${s.action} ${s.outcome}`)).toEqual(['apply failed', 'restore failed', 'restore ok']);
    expect(steps[1]!.detail).toBe('ran the rollback of x: exit 9 (still busy) (retried next tick)');
  });

  it('refuses at start, storing nothing, when a server has no agent, an agent that does not answer, or one not declaring the command; every such server listed', async () => {
    const h = await harness();
    await registerAgents(h, [R1, P]);
    h.f.agents.declareCommand(agentUrl(R1), 'other');
    h.f.agents.setDown(agentUrl(P), true);
    const err = await refusal(h.start({ variables: [], command: 'reload', includePrimary: true }));
    expect(err.code).toBe('orc_refused');
    expect(err.message).toContain(`no agent to run reload on ${R1} (its agent does not declare reload), ${R2} (no agent), ${P} (its agent: orc_unreachable`);
    expect(await h.f.store.listFleetRollouts()).toEqual([]);
    expect((await h.f.store.listAudit()).find((a) => a.action === 'rollout-start')).toMatchObject({ outcome: 'refused' });
  });

  it('takes --change or --command, not both, and checks the name', async () => {
    const h = await harness();
    await expect(startFleetRollout(h.f.ctx, { cluster: 'shop', variables: [{ name: 'a', value: '1' }], command: 'x' })).rejects.toMatchObject({ code: 'orc_bad_input' });
    await expect(startFleetRollout(h.f.ctx, { cluster: 'shop', variables: [], command: '../rm -rf' })).rejects.toMatchObject({ code: 'orc_bad_input' });
    await expect(startFleetRollout(h.f.ctx, { cluster: 'shop', variables: [] })).rejects.toMatchObject({ code: 'orc_bad_input' });
  });

  it('describes runs and keeps only the tail of long output (pure)', () => {
    const run = { phase: 'run' as const, exitCode: null, signal: 'SIGKILL', timedOut: true, output: '', error: null };
    expect(describeCommandRun('x', run)).toBe('ran x: timed out');
    expect(describeCommandRun('x', { ...run, timedOut: false, error: 'spawn x ENOENT' })).toBe('ran x: could not start: spawn x ENOENT');
    expect(describeCommandRun('x', { ...run, timedOut: false, phase: 'rollback' })).toBe('ran the rollback of x: killed by SIGKILL');
    const long = 'y'.repeat(5000) + 'END';
    expect(outputTail(long)).toHaveLength(MAX_COMMAND_OUTPUT);
    expect(outputTail(long).endsWith('END')).toBe(true);
    expect(outputTail('short')).toBe('short');
  });

  it('never runs the rollback on a server the command never ran on (its change failed before)', async () => {
    const h = await harness(async () => ({ ok: false, detail: 'no candidate' }));
    await registerAgents(h, [R1, R2, P]);
    for (const s of [R1, R2, P]) h.f.agents.declareCommand(agentUrl(s), 'x');
    const id = await h.start({ variables: [], command: 'x', includePrimary: true, batchSize: 2 });
    await runToEnd(h, id);
    const d = await rolloutDetail(h.f.ctx, id);
    expect(d.rollout.phase).toBe('rolled-back');
    expect(h.f.agents.calls.filter((c) => c.op === 'startCommand' && c.url === agentUrl(P))).toEqual([]);
    expect(d.fleet!.steps.find((s) => s.server === P && s.action === 'restore')!.detail).toBe('nothing to roll back: x never ran here');
  });
  it('never waits for a command: a long run leaves each tick at once, an abort asked meanwhile rolls the server back once the run ended', async () => {
    const h = await harness();
    await registerAgents(h, [R1, R2]);
    // R1's run answers "running" to 1000 polls: the test ends it when it wants to.
    h.f.agents.declareCommand(agentUrl(R1), 'upgrade', (r) => ({ output: `${r.phase} done` }), 1000);
    h.f.agents.declareCommand(agentUrl(R2), 'upgrade');
    const id = await h.start({ variables: [], command: 'upgrade', batchSize: 1 });
    for (let i = 0; i < 3; i++) {
      await h.tick();
      h.f.tick(2000);
    }
    const starts = () => h.f.agents.calls.filter((c) => c.op === 'startCommand');
    expect(starts()).toHaveLength(1);
    expect(h.f.agents.calls.filter((c) => c.op === 'commandRun').length).toBe(2);
    // `orc rollout show` tells the run still going, and its id.
    const shown = rolloutDetailJson(await rolloutDetail(h.f.ctx, id));
    const runId = starts()[0]!.runId!;
    expect(shown.fleet!.servers[0]!.pendingRun).toEqual({ id: runId, phase: 'run', askedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    expect(rolloutDetailText(shown).join('\n')).toMatch(new RegExp(`commands:\\n {2}SERVER +PHASE +EXIT +OUTPUT \\(tail\\)\\n {2}127\\.0\\.0\\.1:3307 +run +running +since \\S+ \\(run ${runId}\\)`));
    await controlRollout(h.f.ctx, { namespace: 'orc', entity: id }, { kind: 'abort', reason: 'too slow' });
    await h.tick();
    // The run still goes on: nothing is rolled back under it, nothing recorded yet.
    expect((await rolloutDetail(h.f.ctx, id)).fleet!.steps).toEqual([]);
    h.f.agents.finishRuns(agentUrl(R1));
    h.f.agents.declareCommand(agentUrl(R1), 'upgrade', (r) => ({ output: `${r.phase} done` }));
    await runToEnd(h, id);
    const d = await rolloutDetail(h.f.ctx, id);
    expect(d.fleet!.steps.map((s) => `${s.server} ${s.action} ${s.outcome}: ${s.detail}`)).toEqual([
      `${R1} apply ok: ran upgrade: exit 0 (run done)`,
      `${R1} restore ok: ran the rollback of upgrade: exit 0 (rollback done)`,
    ]);
    expect(starts().map((c) => `${c.url} ${c.command!.phase}`)).toEqual([`${agentUrl(R1)} run`, `${agentUrl(R1)} rollback`]);
    expect(d.fleet!.servers.map((s) => [s.applied, s.pendingRun ?? null])).toEqual([
      ['before', null],
      ['before', null],
    ]);
  });

  it('a lost answer to the start is asked about by its run id on the next tick: the command is not started twice', async () => {
    const h = await harness();
    await registerAgents(h, [R1, R2]);
    for (const s of [R1, R2]) h.f.agents.declareCommand(agentUrl(s), 'x');
    const id = await h.start({ variables: [], command: 'x', batchSize: 1 });
    h.f.agents.loseNextStartAnswer(agentUrl(R1));
    await h.tick();
    h.f.tick(2000);
    await runToEnd(h, id);
    const calls = h.f.agents.calls.filter((c) => c.url === agentUrl(R1) && (c.op === 'startCommand' || c.op === 'commandRun'));
    expect(calls.map((c) => c.op)).toEqual(['startCommand', 'commandRun']);
    expect(calls[1]!.runId).toBe(calls[0]!.runId);
  });

  it('an agent that restarted mid-run (it no longer knows the run) fails the server, which is rolled back', async () => {
    const h = await harness();
    await registerAgents(h, [R1, R2]);
    for (const s of [R1, R2]) h.f.agents.declareCommand(agentUrl(s), 'x', () => ({}), 5);
    const id = await h.start({ variables: [], command: 'x', batchSize: 1 });
    await h.tick();
    h.f.agents.forgetRuns(agentUrl(R1));
    h.f.tick(2000);
    await h.tick();
    const failed = (await rolloutDetail(h.f.ctx, id)).fleet!.steps[0]!;
    expect(failed).toMatchObject({ server: R1, action: 'apply', outcome: 'failed' });
    expect(failed.detail).toMatch(/^run [A-Za-z0-9]{12} of x: its agent does not know it \(it never got it, or it restarted\), so whether it ran is unknown$/);
    for (const s of [R1, R2]) h.f.agents.declareCommand(agentUrl(s), 'x');
    await runToEnd(h, id);
    const d = await rolloutDetail(h.f.ctx, id);
    expect(d.rollout.phase).toBe('rolled-back');
    expect(d.fleet!.steps.at(-1)).toMatchObject({ server: R1, action: 'restore', outcome: 'ok' });
  });

  it('waits out an agent silent for less than 2 minutes, and gives up on a run whose agent stays silent longer', async () => {
    const { h, id } = await longRunOnR1();
    // Five minutes of answers "running" (the latest written down), then the agent goes silent.
    for (let i = 0; i < 10; i++) {
      h.f.tick(30_000);
      await h.tick();
    }
    h.f.agents.setDown(agentUrl(R1), true);
    h.f.tick(90_000);
    await h.tick();
    expect((await rolloutDetail(h.f.ctx, id)).fleet!.steps).toEqual([]);
    h.f.tick(40_000);
    await h.tick();
    const failed = (await rolloutDetail(h.f.ctx, id)).fleet!.steps[0]!;
    expect(failed).toMatchObject({ server: R1, action: 'apply', outcome: 'failed' });
    expect(failed.detail).toMatch(/^run [A-Za-z0-9]{12} of x: its agent has not answered for 2m\d*s? \(orc_unreachable: agent .* is not reachable\), so whether it ran is unknown$/);
  });

  it('gives up on a run its agent still reports running well past the longest command timeout', async () => {
    const { h, id } = await longRunOnR1();
    h.f.tick(COMMAND_GIVE_UP_MS - 1000);
    await h.tick();
    expect((await rolloutDetail(h.f.ctx, id)).fleet!.steps).toEqual([]);
    h.f.tick(2000);
    await h.tick();
    expect((await rolloutDetail(h.f.ctx, id)).fleet!.steps[0]!.detail).toMatch(/^run [A-Za-z0-9]{12} of x still runs 11m\d*s? after orc asked for it: given up$/);
  });
});
