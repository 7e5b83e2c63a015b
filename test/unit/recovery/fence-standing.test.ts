import { describe, expect, it } from 'vitest';
import { parseInstanceKey } from '../../../core/model/instance-key.js';
import type { FencedInstance } from '../../../core/ports/recovery-store.js';
import { fenceStanding } from '../../../core/recovery/fence-standing.js';
import { makeRecovery } from '../../support/recovery-builder.js';

const fence = (state: FencedInstance['state']): FencedInstance => ({
  instance: parseInstanceKey('db:1'),
  cluster: 'c',
  recoveryId: 'r1',
  fencedAt: 1,
  state,
  updatedAt: 1,
  detail: '',
});
const promoted = makeRecovery({ id: 'r1', status: 'succeeded', endedAt: 2, successor: parseInstanceKey('db:2') });

describe('fenceStanding', () => {
  it('holds for a confirmed or diverged fence, whatever its recovery', () => {
    expect(fenceStanding(fence('fenced'), undefined)).toEqual({ holds: true });
    expect(fenceStanding(fence('diverged'), undefined)).toEqual({ holds: true });
  });

  it('does not hold for a removed or rejoined fence', () => {
    expect(fenceStanding(undefined, promoted)).toMatchObject({ holds: false });
    expect(fenceStanding(fence('rejoined'), promoted)).toMatchObject({ holds: false, reason: 'rejoined' });
  });

  it('holds for a pending fence only once its recovery ended having promoted', () => {
    expect(fenceStanding(fence('pending'), promoted)).toEqual({ holds: true });
    expect(fenceStanding(fence('pending'), { ...promoted, status: 'partial' })).toEqual({ holds: true });
    expect(fenceStanding(fence('pending'), makeRecovery({ id: 'r1' }))).toMatchObject({ holds: false, reason: expect.stringContaining('runs') });
    expect(fenceStanding(fence('pending'), makeRecovery({ id: 'r1', status: 'failed', endedAt: 2 }))).toMatchObject({ holds: false, reason: 'recovery r1 ended failed without promoting' });
    expect(fenceStanding(fence('pending'), makeRecovery({ id: 'r1', status: 'abandoned', endedAt: 2 }))).toMatchObject({ holds: false });
    expect(fenceStanding(fence('pending'), undefined)).toMatchObject({ holds: false, reason: expect.stringContaining('not recorded') });
  });
});
