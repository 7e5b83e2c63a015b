import { describe, expect, it } from 'vitest';
import { RefusedError } from '../../../core/errors.js';
import { establishedOnV1, RolloutSim } from './rollout-sim.js';

function refusal(run: () => unknown): unknown {
  try {
    run();
  } catch (err) {
    return err;
  }
  return undefined;
}

describe('rollout controls beyond the reference', () => {
  it('explicit steps: each step starts once the previous one is decided, the last size repeats', () => {
    const sim = establishedOnV1(6, { steps: [1, 2], successTimeoutSecs: 0, durationTimeoutSecs: 60 });
    const told: number[] = [];
    for (let i = 0; i < 8; i++) {
      sim.tick(1).converge();
      told.push(sim.told('v2'));
    }
    // Told on the first call, running v2 on the second, succeeded (and the next step told) on the third.
    expect(told).toEqual([1, 1, 3, 3, 5, 5, 6, 6]);
    sim.tick(1).converge();
    expect(sim.rollout).toMatchObject({ lastKnownGoodVersion: 'v2', phase: 'completed', step: 4, stepsDone: 4 });
  });

  it('a step that is still pending holds the next one back, unlike the batch window', () => {
    const sim = establishedOnV1(6, { steps: [2], successTimeoutSecs: 60, durationTimeoutSecs: 600 });
    sim.tick(1).converge();
    sim.tick(1).converge();
    sim.tick(30).converge();
    expect(sim.told('v2')).toBe(2);
  });

  it('pauseBetweenSteps: paused after each step until promoted, which starts the next step', () => {
    const sim = establishedOnV1(4, { pauseBetweenSteps: true, batchPercent: 50, successTimeoutSecs: 0 });
    sim.tick(1).converge();
    sim.tick(1).converge();
    const before = sim.events.length;
    sim.tick(1).converge();
    expect(sim.rollout).toMatchObject({ phase: 'paused', pause: { kind: 'step' } });
    expect(sim.kinds(before)).toEqual(['step-done', 'paused']);
    for (let i = 0; i < 3; i++) sim.tick(60).converge();
    expect(sim.told('v2'), 'nothing moves while paused').toBe(2);
    sim.control({ kind: 'promote' });
    expect(sim.rollout.phase).toBe('progressing');
    sim.tick(1).converge();
    expect(sim.told('v2')).toBe(4);
    sim.tick(1).converge();
    sim.tick(1).converge();
    expect(sim.rollout).toMatchObject({ phase: 'completed', lastKnownGoodVersion: 'v2', pause: null });
  });

  it('operator pause stops new batches, not the monitoring: a told target failing still rolls back; resume goes on', () => {
    const sim = establishedOnV1(3, { successTimeoutSecs: 0, durationTimeoutSecs: 10 });
    sim.tick(1).converge();
    sim.control({ kind: 'pause', reason: 'looking at replication lag' });
    expect(sim.rollout).toMatchObject({ phase: 'paused', pause: { kind: 'operator', reason: 'looking at replication lag' } });
    expect(sim.kinds().at(-1)).toBe('paused');
    sim.tick(1).converge();
    sim.tick(1).converge();
    expect(sim.told('v2'), 'target0 succeeded, yet nobody else is told while paused').toBe(1);
    sim.control({ kind: 'resume' });
    sim.tick(1).converge();
    expect(sim.told('v2')).toBe(2);

    const bad = establishedOnV1(3, { successTimeoutSecs: 0, durationTimeoutSecs: 5 });
    bad.tick(1).converge();
    bad.control({ kind: 'pause' });
    bad.tick(10).converge(undefined, { target0: true });
    expect(bad.rollout.lastKnownBadVersion).toBe('v2');
    bad.tick(1).converge(undefined, { target0: true });
    expect(bad.wanted(), 'the rollback is not held by the pause').toEqual({ target0: 'v1', target1: 'v1', target2: 'v1' });
  });

  it('promote in full marks the rolling version good now and tells every remaining target at once', () => {
    const sim = establishedOnV1(20, { successTimeoutSecs: 30 });
    sim.tick(1).converge();
    expect(sim.told('v2')).toBe(1);
    sim.control({ kind: 'promote', full: true });
    expect(sim.rollout.lastKnownGoodVersion).toBe('v2');
    expect(sim.kinds().at(-1)).toBe('marked-good');
    sim.tick(1).converge();
    expect(sim.told('v2')).toBe(20);
    expect(refusal(() => sim.control({ kind: 'promote' }))).toMatchObject({ code: 'orc_refused', message: expect.stringContaining('v2 is already decided good') });
  });

  it('abort marks the rolling version bad and rolls the changed targets back; the version cannot be rolled again, a new one can', () => {
    const sim = establishedOnV1(5, { batchPercent: 40, successTimeoutSecs: 0 });
    sim.tick(1).converge();
    sim.tick(1).converge();
    sim.tick(1).converge();
    expect(sim.told('v2')).toBe(4);
    sim.version('v3');
    sim.control({ kind: 'abort', reason: 'wrong buffer pool size' });
    expect(sim.rollout).toMatchObject({ lastKnownBadVersion: 'v2', targetVersion: 'v2', phase: 'rolling-back' });
    expect(sim.events.at(-1)).toMatchObject({ kind: 'failed', reason: 'aborted: wrong buffer pool size' });
    for (let i = 0; i < 3; i++) sim.tick(1).converge();
    expect(sim.told('v1')).toBe(5);
    expect(sim.rollout.phase, 'the last two told v1 have not run it long enough yet').toBe('rolling-back');
    sim.tick(1).converge();
    sim.tick(1).converge();
    expect(sim.rollout.phase).toBe('rolled-back');
    const again = refusal(() => sim.version('v2'));
    expect(again).toBeInstanceOf(RefusedError);
    expect((again as RefusedError).message).toContain('v2 was marked bad');
    expect(refusal(() => sim.control({ kind: 'abort' }))).toMatchObject({ code: 'orc_refused' });
    sim.version('v3').tick(1).converge();
    expect(sim.rollout.rollingVersion).toBe('v3');
    expect(sim.told('v3')).toBe(2);
  });

  it('the progress deadline marks a version bad that makes no progress (here: no target approved), paused time not counted', () => {
    const sim = establishedOnV1(3, { progressDeadlineSecs: 60 });
    const none = { selection: { kind: 'approved', names: [] } } as const;
    sim.tick(1).converge(none);
    sim.control({ kind: 'pause' });
    sim.tick(300).converge(none);
    expect(sim.rollout.lastKnownBadVersion, 'paused: the deadline does not run').toBe('');
    sim.control({ kind: 'resume' });
    sim.tick(59).converge(none);
    expect(sim.rollout.lastKnownBadVersion).toBe('');
    sim.tick(2).converge(none);
    expect(sim.rollout).toMatchObject({ lastKnownBadVersion: 'v2', phase: 'rolled-back' });
    expect(sim.events.find((e) => e.kind === 'failed')).toMatchObject({ reason: 'no progress for more than 60 s (progress deadline)' });
  });

  it('a failing monitoring check about the entity marks the version bad instead of failing the call; about a target, fails that target', () => {
    const sim = establishedOnV1(4, { successTimeoutSecs: 0, successPercent: 50 });
    sim.tick(1).converge();
    const result = sim.tick(1).converge({ checks: [{ name: 'lag', passed: true }, { name: 'replication', passed: false, message: 'SQL thread stopped' }] });
    expect(result.events[0]).toMatchObject({ kind: 'failed', reason: 'monitoring: replication: SQL thread stopped' });
    expect(sim.rollout.lastKnownBadVersion).toBe('v2');

    // successPercent 50 of 4: failThreshold 2, so one target failing its check is tolerated, two are not.
    const per = establishedOnV1(4, { successTimeoutSecs: 0, successPercent: 50, batchPercent: 50 });
    per.tick(1).converge();
    per.tick(1).converge({ checks: [{ name: 'lag', target: 'target0', passed: false }] });
    expect(per.rollout.lastKnownBadVersion).toBe('');
    per.tick(1).converge({ checks: [{ name: 'lag', target: 'target0', passed: false }, { name: 'lag', target: 'target1', passed: false }] });
    expect(per.rollout.lastKnownBadVersion).toBe('v2');
  });

  it('a check failing once the version is good changes nothing (the last known good version is never marked bad)', () => {
    const sim = new RolloutSim();
    sim.options({ successTimeoutSecs: 0, batchPercent: 100 }).version('v1');
    sim.step([{ name: 'a', version: 'v1' }]);
    sim.tick(1).converge();
    expect(sim.rollout.lastKnownGoodVersion).toBe('v1');
    sim.tick(1).converge({ checks: [{ name: 'replication', passed: false }] });
    expect(sim.rollout).toMatchObject({ lastKnownGoodVersion: 'v1', lastKnownBadVersion: '', phase: 'completed' });
  });
});
