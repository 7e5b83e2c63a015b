import { describe, expect, it } from 'vitest';
import { nextSeedState } from '../../../core/seeds/next-seed-state.js';
import { seedAbortRefusal } from '../../../core/seeds/seed-abort-refusal.js';
import { CONFIG, report, seedOf, T0, TARGET } from './seed-scenario.js';

describe('seed transition details', () => {
  it('puts the target in downtime at the first tick only, until now + downtimeMs, and records the start', () => {
    const first = nextSeedState({ seed: seedOf(), reports: [], config: CONFIG, now: T0 + 5 });
    expect(first.actions[0]).toEqual({ kind: 'begin-downtime', instance: TARGET, until: T0 + 5 + CONFIG.downtimeMs, reason: 'seed seed-1' });
    expect(first.seed).toMatchObject({ startedAt: T0 + 5, progressAt: T0 + 5, bytesCopied: 0 });
    expect(first.row).toEqual({ seedId: 'seed-1', at: T0 + 5, agent: null, stage: 'Prepare', status: 'Running', details: 'Prepare started on target and source' });
  });

  it('takes the bytes of the stage as progress without a history row', () => {
    const seed = seedOf({ stage: 'Backup', status: 'Running', startedAt: T0, progressAt: T0, bytesCopied: 10 });
    const t = nextSeedState({ seed, reports: [report('source running 700', 'Backup')], config: CONFIG, now: T0 + 1000 });
    expect(t.seed).toMatchObject({ status: 'Running', bytesCopied: 700, progressAt: T0 + 1000 });
    expect(t.row).toBeNull();
  });

  it('ignores a report left over from an earlier stage', () => {
    const seed = seedOf({ stage: 'Restore', status: 'Running', startedAt: T0, progressAt: T0 });
    const t = nextSeedState({ seed, reports: [report('target completed 5', 'Prepare')], config: CONFIG, now: T0 + 1 });
    expect(t.seed).toBe(seed);
  });

  it('names the failing agent and its error in the seed and the history row', () => {
    const seed = seedOf({ stage: 'Backup', status: 'Running', startedAt: T0, progressAt: T0 });
    const t = nextSeedState({ seed, reports: [report('source error', 'Backup')], config: CONFIG, now: T0 + 1 });
    expect(t.seed.error).toBe('Backup failed on the source agent: boom');
    expect(t.row).toMatchObject({ agent: 'source', status: 'Error', stage: 'Backup', details: t.seed.error });
  });

  it('ends a completed seed with endedAt and no error', () => {
    const seed = seedOf({ stage: 'Cleanup', status: 'Running', startedAt: T0, progressAt: T0, error: 'old' });
    const t = nextSeedState({ seed, reports: [report('source completed', 'Cleanup'), report('target completed', 'Cleanup')], config: CONFIG, now: T0 + 9 });
    expect(t.seed).toMatchObject({ status: 'Completed', endedAt: T0 + 9, error: null });
    expect(t.actions).toEqual([{ kind: 'end-downtime', instance: TARGET }]);
  });

  it('leaves a Completed or Failed seed as it is, even with an abort flag', () => {
    for (const status of ['Completed', 'Failed'] as const) {
      const seed = seedOf({ status, abortRequested: true, endedAt: T0 });
      expect(nextSeedState({ seed, reports: [], config: CONFIG, now: T0 + 1 })).toEqual({ seed, actions: [], row: null });
    }
  });

  it('refuses the abort of a Completed or Failed seed, allows it on any active one', () => {
    expect(seedAbortRefusal(seedOf({ status: 'Completed' }))).toBe('seed seed-1 is Completed: only an active seed can be aborted');
    expect(seedAbortRefusal(seedOf({ status: 'Failed' }))).toMatch(/only an active seed/);
    for (const status of ['Scheduled', 'Running', 'Error', 'Aborting'] as const) expect(seedAbortRefusal(seedOf({ status }))).toBeNull();
  });

  it('does not change its input', () => {
    const seed = Object.freeze(seedOf({ status: 'Error', startedAt: T0 }));
    nextSeedState({ seed, reports: [], config: CONFIG, now: T0 + 1 });
    expect(seed.status).toBe('Error');
  });
});
