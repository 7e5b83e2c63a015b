import { describe, expect, it } from 'vitest';
import { DROP_AFTER_MS, REPORT_REFRESH_MS } from '../../../core/rollouts/ingest-reports.js';
import { orchestrate } from '../../../core/rollouts/orchestrate.js';
import { planRollout } from '../../../core/rollouts/plan-rollout.js';
import { rolloutThresholds } from '../../../core/rollouts/rollout-thresholds.js';
import type { SelectionFilter } from '../../../core/rollouts/select-batch.js';
import { establishedOnV1, names, reportsOn, RolloutSim, T0 } from './rollout-sim.js';

describe('the orchestration step in detail', () => {
  it('thresholds: batch = max(1, floor(b x N / 100)), success = floor(s x N / 100), fail = max(1, N - success)', () => {
    expect(rolloutThresholds({ batchPercent: 5, successPercent: 100 }, 3)).toEqual({ batch: 1, successThreshold: 3, failThreshold: 1 });
    expect(rolloutThresholds({ batchPercent: 50, successPercent: 80 }, 10)).toEqual({ batch: 5, successThreshold: 8, failThreshold: 2 });
    expect(rolloutThresholds({ batchPercent: 0, successPercent: 0 }, 0)).toEqual({ batch: 1, successThreshold: 0, failThreshold: 1 });
    expect(rolloutThresholds({ batchPercent: 33, successPercent: 99 }, 7)).toEqual({ batch: 2, successThreshold: 6, failThreshold: 1 });
  });

  it('creates unknown targets wanting the last known good version (their own while there is none)', () => {
    const sim = new RolloutSim();
    // A failed selection keeps the step from telling a any version: what it wants is what it was created wanting.
    sim.version('v1').step(reportsOn(['a'], 'v0'), { selection: { kind: 'failed', error: 'hold' } });
    expect(sim.targets[0]).toMatchObject({ name: 'a', version: 'v0', wantedVersion: 'v0', group: '', isError: false, message: '' });
    const established = establishedOnV1(2);
    established.tick(1).step([...reportsOn(names(2), 'v1'), { name: 'late', version: 'v0', group: 'east' }]);
    expect(established.targets.find((t) => t.name === 'late')).toMatchObject({ wantedVersion: 'v1', group: 'east', reportedAt: established.now, wantedAt: established.now });
  });

  it('time-stamps version and error-flag changes only; an unchanged report writes nothing until a minute has passed', () => {
    const sim = new RolloutSim();
    sim.version('v1').step([{ name: 'a', version: 'v1' }]);
    const first = sim.targets[0]!;
    expect(sim.tick(10).step([{ name: 'a', version: 'v1' }]).upserts).toEqual([]);
    sim.tick(10).step([{ name: 'a', version: 'v1', isError: true, message: 'disk full' }]);
    expect(sim.targets[0]).toMatchObject({ versionChangedAt: first.versionChangedAt, errorChangedAt: T0 + 20_000, isError: true, message: 'disk full' });
    sim.tick(10).step([{ name: 'a', version: 'v1', isError: true, message: 'disk still full' }]);
    expect(sim.targets[0]).toMatchObject({ errorChangedAt: T0 + 20_000, message: 'disk still full', reportedAt: T0 + 30_000 });
    sim.tick(10).step([{ name: 'a', version: 'v1.1', isError: true, message: 'disk still full' }]);
    expect(sim.targets[0]).toMatchObject({ versionChangedAt: T0 + 40_000, errorChangedAt: T0 + 20_000 });
    expect(sim.tick(REPORT_REFRESH_MS / 1000 - 1).step([{ name: 'a', version: 'v1.1', isError: true, message: 'disk still full' }]).upserts).toEqual([]);
    const refreshed = sim.tick(1).step([{ name: 'a', version: 'v1.1', isError: true, message: 'disk still full' }]);
    expect(refreshed.upserts.map((t) => t.reportedAt)).toEqual([sim.now]);
    expect(sim.targets[0]!.message.length).toBeLessThanOrEqual(4000);
    sim.tick(1).step([{ name: 'a', version: 'v1.1', message: 'x'.repeat(10_000) }]);
    expect(sim.targets[0]!.message).toHaveLength(4000);
  });

  it('drops targets not reported for 15 minutes, keeping the ones reported', () => {
    const sim = new RolloutSim();
    sim.version('v1').step(reportsOn(['a', 'b', 'c'], 'v1'));
    sim.tick(DROP_AFTER_MS / 1000).step(reportsOn(['a'], 'v1'));
    expect(sim.targets.map((t) => t.name), 'exactly 15 minutes: kept').toEqual(['a', 'b', 'c']);
    const result = sim.tick(1).step(reportsOn(['a'], 'v1'));
    expect(sim.targets.map((t) => t.name)).toEqual(['a']);
    expect(result.removals).toEqual(['b', 'c']);
    expect(result.events[0]).toMatchObject({ kind: 'dropped', targets: ['b', 'c'] });
  });

  it('reports selection errors in the result and as an event, telling nothing and never throwing', () => {
    const cases: [string, Parameters<RolloutSim['converge']>[0], RegExp][] = [
      ['a failed approval step', { selection: { kind: 'failed', error: 'approval service timed out' } }, /selection failed: approval service timed out/],
      [
        'a filter that throws',
        {
          selection: {
            kind: 'filter',
            choose: () => {
              throw new Error('lag query failed');
            },
          },
        },
        /selection filter failed: orc_operation_failed: lag query failed/,
      ],
      ['a filter choosing an unknown target', { selection: { kind: 'filter', choose: () => ({ select: ['ghost'] }) } }, /ghost is no candidate/],
      ['a filter choosing too many', { selection: { kind: 'filter', choose: (r) => ({ select: r.candidates.map((c) => c.name) }) } }, /more than the 1 this step may tell/],
      ['a filter creating an existing target', { selection: { kind: 'filter', choose: () => ({ create: [{ name: 'target1', version: 'v1' }] }) } }, /a target of that name exists/],
    ];
    for (const [name, options, says] of cases) {
      const sim = establishedOnV1(3);
      const result = sim.tick(1).converge(options);
      expect(result.selectionError, name).toMatch(says);
      expect(result.events.map((e) => e.kind), name).toEqual(['selection-failed']);
      expect(sim.told('v2'), name).toBe(0);
    }
  });

  it('an approval result tells only approved candidates, in the approval order', () => {
    const sim = establishedOnV1(5, { batchPercent: 40 });
    sim.tick(1).converge({ selection: { kind: 'approved', names: ['target4', 'ghost', 'target2', 'target0'] } });
    expect(sim.wanted()).toEqual({ target0: 'v1', target1: 'v1', target2: 'v2', target3: 'v1', target4: 'v2' });
  });

  it('is pure: the stored rollout and targets passed in are left as they were', () => {
    const sim = establishedOnV1(3);
    const rollout = structuredClone(sim.rollout);
    const targets = structuredClone(sim.targets);
    const stored = sim.targets;
    orchestrate({ rollout: sim.rollout, targets: stored, reports: reportsOn(names(3), 'v1', { isError: true }), now: sim.now + 5000 });
    expect(sim.rollout).toEqual(rollout);
    expect(stored).toEqual(targets);
  });

  it('refuses to orchestrate a rollout without a target version (orc_refused)', () => {
    const sim = new RolloutSim();
    expect(() => sim.step(reportsOn(['a'], 'v1'))).toThrow(expect.objectContaining({ code: 'orc_refused', message: expect.stringContaining('no target version') }));
  });

  it('an unchanged step changes nothing (nothing to persist)', () => {
    const sim = establishedOnV1(2, { successTimeoutSecs: 0 });
    for (let i = 0; i < 5; i++) sim.tick(1).converge();
    expect(sim.rollout.phase).toBe('completed');
    expect(sim.tick(1).converge().changed).toBe(false);
  });

  it('plans the batches still to come (the dry run), by steps, by window, with approvals, and says why nothing would start', () => {
    const sim = establishedOnV1(7, { batchPercent: 30 });
    const plan = planRollout({ rollout: sim.rollout, targets: sim.targets, now: sim.now });
    expect(plan).toEqual({
      version: 'v2',
      rollback: false,
      inFlight: [],
      batches: [['target0', 'target1'], ['target2', 'target3'], ['target4', 'target5'], ['target6']],
      notApproved: [],
      blocked: null,
    });
    sim.tick(1).converge();
    const stepped = { ...sim.rollout, options: { ...sim.rollout.options, steps: [1, 3] } };
    expect(planRollout({ rollout: stepped, targets: sim.targets, now: sim.now }).batches).toEqual([['target2', 'target3', 'target4'], ['target5', 'target6']]);
    expect(planRollout({ rollout: sim.rollout, targets: sim.targets, approved: ['target6', 'target2'], now: sim.now })).toMatchObject({
      inFlight: ['target0', 'target1'],
      batches: [['target6', 'target2']],
      notApproved: ['target3', 'target4', 'target5'],
    });
    sim.control({ kind: 'pause', reason: 'lunch' });
    expect(planRollout({ rollout: sim.rollout, targets: sim.targets, now: sim.now }).blocked).toBe('paused: lunch');
    expect(planRollout({ rollout: new RolloutSim().rollout, targets: [], now: T0 }).blocked).toBe('no target version is set');
  });

  it('with a filter in rollback mode, the filter is told it is a rollback and the version is the last known good one', () => {
    const seen: [boolean, string][] = [];
    const spy: SelectionFilter = (r) => {
      seen.push([r.rollback, r.version]);
      return { select: r.candidates.slice(0, r.count).map((c) => c.name) };
    };
    const sim = establishedOnV1(3, { successTimeoutSecs: 0, durationTimeoutSecs: 1 });
    sim.tick(1).converge({ selection: { kind: 'filter', choose: spy } });
    sim.tick(5).converge({ selection: { kind: 'filter', choose: spy } }, { target0: true });
    sim.tick(1).converge({ selection: { kind: 'filter', choose: spy } }, { target0: true });
    expect(seen).toEqual([
      [false, 'v2'],
      [true, 'v1'],
    ]);
  });
});
