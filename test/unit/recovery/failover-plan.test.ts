import { describe, expect, it } from 'vitest';
import { parseInstanceKey } from '../../../core/model/instance-key.js';
import { NO_PROGRESS, type RecoveryProgress } from '../../../core/ports/recovery-store.js';
import type { CandidateChoice } from '../../../core/recovery/candidate-types.js';
import {
  planCompletion,
  planConfirmation,
  planFailoverPreparation,
  planPromotion,
  promotionProgress,
} from '../../../core/recovery/failover-plan.js';
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

function progress(overrides: Partial<RecoveryProgress>): RecoveryProgress {
  return { ...NO_PROGRESS, ...overrides };
}

const names = (steps: { name: string; critical: boolean }[]) => steps.map((s) => [s.name, s.critical]);

describe('failover plans', () => {
  it('prepares by hooks, then freezing and draining the reachable replicas', () => {
    const steps = planFailoverPreparation({ replicas: [k('db:2'), k('db:3')], liveOldPrimary: null }, policy);
    expect(names(steps)).toEqual([
      ['hooks onFailureDetection', true],
      ['hooks preFailover', true],
      ['stop IO thread on db:2, db:3', false],
      ['apply relay logs on db:2, db:3', false],
    ]);
    const noDelay = planFailoverPreparation({ replicas: [k('db:2')], liveOldPrimary: null }, { ...policy, delayPromotionUntilRelayApplied: false });
    expect(noDelay.map((s) => s.action.kind)).toEqual(['hook', 'hook', 'stop-replica-io']);
  });

  it('makes a live primary read-only first (critical: never two writers) and lets its replicas drain', () => {
    const steps = planFailoverPreparation({ replicas: [k('db:2')], liveOldPrimary: k('db:1') }, policy);
    expect(names(steps).slice(2, 4)).toEqual([
      ['set read_only=ON on db:1', true],
      ['let db:2 execute everything of db:1', false],
    ]);
  });

  it('records what the promotion will do: candidate, its old source, followers, lost ones and who loses data', () => {
    const lost = [
      { key: k('db:4'), kind: 'errant' as const, reason: 'errant', gtids: '0-4-101' },
      { key: k('db:5'), kind: 'no_gtid' as const, reason: 'no gtid', gtids: '' },
    ];
    expect(promotionProgress(choice({ lost, catchUpFrom: k('db:3') }), [k('db:2'), k('db:3'), k('db:4'), k('db:5')])).toEqual({
      phase: 'promoting',
      candidate: k('db:2'),
      candidateSource: k('db:1'),
      catchUpFrom: k('db:3'),
      followers: [k('db:3')],
      lost: [k('db:4'), k('db:5')],
      dataLossFrom: [k('db:4')],
      dataLossGtids: { 'db:4': '0-4-101' },
    });
  });

  it('records the fence as pending before promoting, catching up first when needed', () => {
    const plain = planPromotion(progress({ candidate: k('db:2') }), k('db:1'), policy);
    expect(names(plain)).toEqual([
      ['record db:1 as fenced, pending the promotion', true],
      ['promote db:2 (reset replication, read_only=OFF)', true],
    ]);
    const caught = planPromotion(progress({ candidate: k('db:2'), catchUpFrom: k('db:3') }), k('db:1'), policy);
    expect(caught.map((s) => s.action.kind)).toEqual(['record-fence', 'catch-up', 'promote']);
    expect(planPromotion(progress({ candidate: null }), k('db:1'), policy)).toEqual([]);
  });

  it('confirms the fence, then repoints the followers with verification', () => {
    const steps = planConfirmation(progress({ candidate: k('db:2'), followers: [k('db:3')] }), k('db:1'));
    expect(names(steps)).toEqual([
      ['confirm db:1 as fenced (never primary again)', false],
      ['repoint db:3 to db:2 (auto)', false],
    ]);
    expect(steps[1]!.action).toMatchObject({ kind: 'repoint', verifyMs: 5000 });
  });

  it('moves stranded replicas up, detaches the lost, fences the old primary, then the post hooks', () => {
    const steps = planCompletion(progress({ candidate: k('db:2'), lost: [k('db:4')] }), k('db:1'), [k('db:6')], 'postPrimaryFailover');
    expect(names(steps)).toEqual([
      ['repoint db:6 to db:2 (auto)', false],
      ['stop replication on db:4', false],
      ['fence db:1 (read_only, never primary again)', false],
      ['hooks postPrimaryFailover', false],
      ['hooks postFailover', false],
    ]);
  });
});
