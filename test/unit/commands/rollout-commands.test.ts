import { describe, expect, it } from 'vitest';
import { controlRollout } from '../../../core/commands/control-rollout.js';
import { orchestrateRollout } from '../../../core/commands/orchestrate-rollout.js';
import { rolloutEngine } from '../../../core/commands/rollout-command-context.js';
import { RolloutEngine } from '../../../core/rollouts/rollout-engine.js';
import { commandFixture, rejection } from './command-fixture.js';

const KEY = { namespace: 'orc', entity: 'shop' };
const reports = (version: string) => ['r1', 'r2', 'r3', 'r4'].map((name) => ({ name, version }));

describe('rollout commands', () => {
  it('audit each event of a step with the actor, a dry run none; controls audited, refusals too', async () => {
    const f = await commandFixture();
    await controlRollout(f.ctx, KEY, { kind: 'options', options: { batchPercent: 50, successTimeoutSecs: 0 } });
    await controlRollout(f.ctx, KEY, { kind: 'version', version: 'v1' });
    const before = (await f.store.listAudit()).length;
    await orchestrateRollout(f.ctx, KEY, reports('v0'), { dryRun: true });
    expect(await f.store.listAudit()).toHaveLength(before);
    await orchestrateRollout(f.ctx, KEY, reports('v0'));
    const [started] = await f.store.listAudit({ limit: 1 });
    expect(started).toMatchObject({ actor: 'cli:alice', action: 'rollout-step-started', target: 'orc/shop', outcome: 'ok', detail: 'orc/shop: step 1: 2 targets told v1 (r1, r2)' });
    await controlRollout(f.ctx, KEY, { kind: 'abort', reason: 'lag' });
    expect((await f.store.listAudit({ limit: 1 }))[0]).toMatchObject({ action: 'rollout-abort', outcome: 'ok', detail: expect.stringContaining('abort: lag (revision') });
    expect(await rejection(controlRollout(f.ctx, KEY, { kind: 'abort' }))).toMatchObject({ code: 'orc_refused' });
    expect((await f.store.listAudit({ limit: 1 }))[0]).toMatchObject({ action: 'rollout-abort', outcome: 'refused', detail: expect.stringContaining('nothing to abort') });
    // v1 was the first version: with no good version to go back to, the rollout stops (failed) and tells nobody anything new.
    f.tick(1000);
    const after = await orchestrateRollout(f.ctx, KEY, reports('v0'));
    expect(after.rollout.phase).toBe('failed');
    expect(after.wanted.map((w) => w.version)).toEqual(['v1', 'v1', 'v0', 'v0']);
    expect((await f.store.listAudit({ limit: 1 }))[0]).toMatchObject({ action: 'rollout-abort', outcome: 'refused' });
  });

  it("use the context's long-lived engine when it has one", async () => {
    const f = await commandFixture();
    const kept = new RolloutEngine({ store: f.store, clock: f.ctx.clock });
    expect(rolloutEngine({ ...f.ctx, rollouts: kept })).toBe(kept);
    expect(rolloutEngine(f.ctx)).not.toBe(kept);
  });
});
