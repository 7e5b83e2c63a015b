import { describe, expect, it } from 'vitest';
import { wantedVersions } from '../../../core/rollouts/wanted-versions.js';
import type { SelectionFilter } from '../../../core/rollouts/select-batch.js';
import { establishedOnV1, names, reportsOn, RolloutSim } from './rollout-sim.js';

// The conformance scenarios of rollouts.md, on the pure step with the clock moved by hand. The engine-level ones
// (isolation and persistence across engines on one store) are in rollout-engine.test.ts.
describe('rollouts.md conformance: the pure orchestration step', () => {
  it('3 targets, LKG v1, set v2, success timeout 0: each round of report-then-orchestrate moves one more target to v2; in the end LKG = v2', () => {
    const sim = establishedOnV1(3, { successTimeoutSecs: 0, durationTimeoutSecs: 10 });
    expect(sim.rollout.lastKnownGoodVersion).toBe('v1');
    const setup = sim.events.length;
    for (let round = 1; round <= 3; round++) {
      sim.converge();
      expect(sim.told('v2'), `round ${round}`).toBe(round);
      sim.tick(1).converge();
      expect(sim.told('v2'), `round ${round}, the told target reported v2 just now: not yet a success`).toBe(round);
      sim.tick(1);
    }
    sim.converge();
    expect(sim.rollout).toMatchObject({ lastKnownGoodVersion: 'v2', rollingVersion: 'v2', lastKnownBadVersion: '', phase: 'completed' });
    expect(sim.kinds(setup)).toEqual(['step-started', 'step-done', 'step-started', 'step-done', 'step-started', 'marked-good', 'step-done', 'completed']);
    expect(sim.events.filter((e) => e.kind === 'step-started').map((e) => (e.kind === 'step-started' ? e.targets : []))).toEqual([['target0'], ['target1'], ['target2']]);
  });

  it('the v2 target reports an error past the duration timeout: the next call sets LKB = v2 and assigns nothing; the call after returns all at v1', () => {
    const sim = establishedOnV1(3, { successTimeoutSecs: 0, durationTimeoutSecs: 2 });
    sim.converge();
    expect(sim.wanted()).toEqual({ target0: 'v2', target1: 'v1', target2: 'v1' });
    // Only the v2 target reports, in error (the others are still stored, not reported for seconds only).
    sim.step(reportsOn(['target0'], 'v2', { isError: true, message: 'New version just doesnt work' }));
    expect(sim.rollout.lastKnownBadVersion).toBe('');
    sim.tick(3);
    const marked = sim.converge(undefined, { target0: true });
    expect(sim.rollout).toMatchObject({ lastKnownBadVersion: 'v2', lastKnownGoodVersion: 'v1', phase: 'rolling-back' });
    expect(marked.events.map((e) => e.kind)).toEqual(['failed']);
    expect(marked.events[0]).toMatchObject({ kind: 'failed', version: 'v2', failedTargets: ['target0'] });
    expect(sim.wanted(), 'nothing assigned by the call that marks the version bad').toEqual({ target0: 'v2', target1: 'v1', target2: 'v1' });
    sim.converge(undefined, { target0: true });
    expect(sim.wanted()).toEqual({ target0: 'v1', target1: 'v1', target2: 'v1' });
    expect(sim.rollout).toMatchObject({ lastKnownGoodVersion: 'v1', lastKnownBadVersion: 'v2', badVersions: ['v2'] });
    sim.tick(1).converge();
    sim.tick(1).converge();
    expect(sim.rollout.phase).toBe('rolled-back');
    expect(sim.kinds()).toContain('rolled-back');
  });

  it('10 targets, batch 50%: 5 selected and assigned', () => {
    const sim = establishedOnV1(10, { batchPercent: 50 });
    sim.converge();
    expect(sim.told('v2')).toBe(5);
    expect(sim.told('v1')).toBe(5);
  });

  it('10 targets, defaults (5%): one at a time (9 x v1, 1 x v2)', () => {
    const sim = establishedOnV1(10, {});
    sim.converge();
    expect([sim.told('v1'), sim.told('v2')]).toEqual([9, 1]);
    // Default success timeout (60 s): the told target is not done after 30 s, so nobody else is told.
    sim.tick(1).converge();
    sim.tick(30).converge();
    expect([sim.told('v1'), sim.told('v2')]).toEqual([9, 1]);
    sim.tick(31).converge();
    expect([sim.told('v1'), sim.told('v2')]).toEqual([8, 2]);
  });

  it('the group filter returns only that group targets', () => {
    const sim = new RolloutSim();
    sim.version('v1').step([
      { name: 'a1', group: 'east', version: 'v1' },
      { name: 'b1', group: 'west', version: 'v1' },
      { name: 'a2', group: 'east', version: 'v1' },
      { name: 'c1', version: 'v1' },
    ]);
    expect(wantedVersions(sim.targets, 'east').map((t) => t.name)).toEqual(['a1', 'a2']);
    expect(wantedVersions(sim.targets, '').map((t) => t.name)).toEqual(['c1']);
    expect(wantedVersions(sim.targets)).toHaveLength(4);
    expect(wantedVersions(sim.targets, 'north')).toEqual([]);
  });

  it('a selection hook that picks only target0 moves only target0', () => {
    const sim = establishedOnV1(5, { batchPercent: 100 });
    const onlyTarget0: SelectionFilter = (req) => ({ select: req.candidates.filter((c) => c.name === 'target0').map((c) => c.name) });
    for (let i = 0; i < 5; i++) sim.tick(1).converge({ selection: { kind: 'filter', choose: onlyTarget0 } });
    expect(sim.wanted()).toEqual({ target0: 'v2', target1: 'v1', target2: 'v1', target3: 'v1', target4: 'v1' });
    expect(sim.rollout.lastKnownGoodVersion, 'one of five is not 100 %').toBe('v1');
  });

  describe('blue/green: a selection hook that creates new targets and removes old ones', () => {
    const blue = names(3, 'blue');
    /** Creates one target of the colour being rolled to per slot, named after the ones it replaces; removes as many of the other colour. */
    const blueGreen: SelectionFilter = (req) => {
      const [add, drop] = req.rollback ? ['blue', 'green'] : ['green', 'blue'];
      const present = new Set(req.targets.map((t) => t.name));
      const create = [0, 1, 2]
        .map((i) => `${add}${i}`)
        .filter((n) => !present.has(n))
        .slice(0, req.count)
        .map((name) => ({ name, version: req.rollback ? req.version : 'v1' }));
      const remove = req.candidates.filter((c) => c.name.startsWith(drop)).slice(0, create.length).map((c) => c.name);
      return { create, remove };
    };
    const selection = { kind: 'filter', choose: blueGreen } as const;

    it('ends with only the new targets, on v2', () => {
      const bg = new RolloutSim();
      bg.options({ batchPercent: 100, successPercent: 0, successTimeoutSecs: 0, durationTimeoutSecs: 0 }).version('v1');
      bg.step(reportsOn(blue, 'v1'));
      bg.tick(1).step(reportsOn(blue, 'v1'));
      bg.tick(1).options({ batchPercent: 5, successPercent: 100, successTimeoutSecs: 0, durationTimeoutSecs: 10 }).version('v2');
      for (let i = 0; i < 8; i++) bg.tick(1).converge({ selection });
      expect(bg.wanted()).toEqual({ green0: 'v2', green1: 'v2', green2: 'v2' });
      expect(bg.rollout).toMatchObject({ lastKnownGoodVersion: 'v2', phase: 'completed' });
      expect(bg.last!.removals).toEqual([]);
    });

    it('and on rollback, the old ones restored', () => {
      const bg = new RolloutSim();
      bg.options({ batchPercent: 100, successPercent: 0, successTimeoutSecs: 0, durationTimeoutSecs: 0 }).version('v1');
      bg.step(reportsOn(blue, 'v1'));
      bg.tick(1).step(reportsOn(blue, 'v1'));
      bg.tick(1).options({ batchPercent: 5, successPercent: 100, successTimeoutSecs: 0, durationTimeoutSecs: 2 }).version('v2');
      bg.tick(1).converge({ selection });
      bg.tick(1).converge({ selection });
      bg.tick(1).converge({ selection });
      expect(Object.keys(bg.wanted()).sort()).toEqual(['blue2', 'green0', 'green1']);
      // Every green target errors from now on: past the duration timeout, v2 is bad and the blue ones come back.
      const errors = { green0: true, green1: true };
      for (let i = 0; i < 8; i++) bg.tick(3).converge({ selection }, errors);
      expect(bg.rollout).toMatchObject({ lastKnownGoodVersion: 'v1', lastKnownBadVersion: 'v2', phase: 'rolled-back' });
      expect(bg.wanted()).toEqual({ blue0: 'v1', blue1: 'v1', blue2: 'v1' });
    });
  });
});
