import { describe, expect, it } from 'vitest';
import { parseInstanceKey } from '../../../core/model/instance-key.js';
import type { CandidateChoice } from '../../../core/recovery/candidate-types.js';
import { planFailoverPreparation, planPromotion } from '../../../core/recovery/failover-plan.js';
import { parseRecoveryPolicy } from '../../../core/recovery/recovery-policy.js';

const k = parseInstanceKey;
const policy = parseRecoveryPolicy({});

function choice(overrides: Partial<CandidateChoice>): CandidateChoice {
  return {
    failed: k('db:1'),
    candidate: k('db:2'),
    ordered: [],
    catchUpFrom: null,
    awaitRelayApply: true,
    positionsInclude: 'relay',
    lost: [],
    unreachable: [],
    dataLoss: false,
    reason: 'test',
    ...overrides,
  };
}

describe('failover plans', () => {
  it('prepares by hooks, then freezing and draining the reachable replicas', () => {
    const steps = planFailoverPreparation([k('db:2'), k('db:3')], policy);
    expect(steps.map((s) => [s.name, s.critical])).toEqual([
      ['hooks onFailureDetection', true],
      ['hooks preFailover', true],
      ['stop IO thread on db:2, db:3', false],
      ['apply relay logs on db:2, db:3', false],
    ]);
    expect(planFailoverPreparation([k('db:2')], { ...policy, delayPromotionUntilRelayApplied: false }).map((s) => s.action.kind)).toEqual([
      'hook',
      'hook',
      'stop-replica-io',
    ]);
  });

  it('records the fence before promoting, repoints the followers, detaches the lost and sets the old primary read-only', () => {
    const steps = planPromotion(choice({ lost: [{ key: k('db:4'), kind: 'ahead', reason: 'ahead' }] }), [k('db:2'), k('db:3'), k('db:4')], policy);
    expect(steps.map((s) => [s.name, s.critical])).toEqual([
      ['record db:1 as fenced (never primary again)', true],
      ['promote db:2 (reset replication, read_only=OFF)', true],
      ['repoint db:3 to db:2 (auto)', false],
      ['stop replication on db:4', false],
      ['fence db:1 (read_only, never primary again)', false],
      ['hooks postPrimaryFailover', false],
      ['hooks postFailover', false],
    ]);
  });

  it('catches the candidate up first when a more up-to-date replica may not be promoted', () => {
    const steps = planPromotion(choice({ catchUpFrom: k('db:3') }), [k('db:2'), k('db:3')], policy);
    expect(steps.map((s) => s.action.kind)).toEqual(['record-fence', 'catch-up', 'promote', 'repoint', 'fence', 'hook', 'hook']);
    expect(steps[1]).toMatchObject({ name: 'catch db:2 up from db:3', critical: true });
  });

  it('plans nothing without a candidate', () => {
    expect(planPromotion(choice({ candidate: null }), [k('db:2')], policy)).toEqual([]);
  });
});
