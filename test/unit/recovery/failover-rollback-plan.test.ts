import { describe, expect, it } from 'vitest';
import { parseInstanceKey } from '../../../core/model/instance-key.js';
import { NO_PROGRESS, type RecoveryProgress } from '../../../core/ports/recovery-store.js';
import { planFailoverRollback, type FailoverRollbackPlan } from '../../../core/recovery/failover-rollback-plan.js';

const k = parseInstanceKey;

function progress(overrides: Partial<RecoveryProgress>): RecoveryProgress {
  return { ...NO_PROGRESS, ...overrides };
}

const names = (plan: FailoverRollbackPlan) =>
  (['demote', 'undo', 'reopen', 'hooks'] as const).flatMap((phase) => plan[phase].map((s) => [phase, s.name, s.critical]));

describe('failover rollback plan', () => {
  it('rolls back a failed promotion: candidate under its old source, the others restarted, pending fence removed', () => {
    const p = progress({ phase: 'promoting', candidate: k('db:2'), candidateSource: k('db:1'), stopped: [k('db:2'), k('db:3')] });
    const plan = planFailoverRollback(p, k('db:1'), []);
    expect(names(plan)).toEqual([
      ['undo', 'repoint db:2 to db:1 (slave_pos)', false],
      ['undo', 'start replication on db:3', false],
      ['undo', 'remove the pending fence of db:1 (nothing was promoted)', false],
      ['hooks', 'hooks postUnsuccessfulFailover', false],
    ]);
    // A dead source cannot be verified: the candidate's IO thread retries it, as it did before.
    expect(plan.undo[0]!.action).toMatchObject({ verifyMs: 0 });
  });

  it('rolls back before any choice by restarting every stopped replica, and gives a live primary its writes back', () => {
    const p = progress({ stopped: [k('db:2'), k('db:3')], madeReadOnly: [k('db:1')] });
    expect(names(planFailoverRollback(p, k('db:1'), []))).toEqual([
      ['undo', 'start replication on db:2, db:3', false],
      ['undo', 'remove the pending fence of db:1 (nothing was promoted)', false],
      ['reopen', 'set read_only=OFF on db:1', false],
      ['hooks', 'hooks postUnsuccessfulFailover', false],
    ]);
  });

  it('makes a candidate whose promote step was attempted read-only first, confirmed and critical, before the old primary is reopened', () => {
    const p = progress({ phase: 'promoting', promoteAttempted: true, candidate: k('db:2'), candidateSource: k('db:1'), stopped: [k('db:2')], madeReadOnly: [k('db:1')] });
    const plan = planFailoverRollback(p, k('db:1'), []);
    expect(names(plan)).toEqual([
      ['demote', 'set read_only=ON on db:2', true],
      ['undo', 'repoint db:2 to db:1 (slave_pos)', false],
      ['undo', 'remove the pending fence of db:1 (nothing was promoted)', false],
      ['reopen', 'set read_only=OFF on db:1', false],
      ['hooks', 'hooks postUnsuccessfulFailover', false],
    ]);
    expect(plan.demote[0]!.action).toMatchObject({ kind: 'set-read-only', readOnly: true, confirm: true });
    // Chosen but never attempted: the candidate was never made writable, nothing to demote.
    expect(planFailoverRollback({ ...p, promoteAttempted: false }, k('db:1'), []).demote).toEqual([]);
  });

  it('never makes writable again a server a fence holds', () => {
    const p = progress({ madeReadOnly: [k('db:1')] });
    const plan = planFailoverRollback(p, k('db:1'), [k('db:1')]);
    expect([...plan.demote, ...plan.undo, ...plan.reopen, ...plan.hooks].map((s) => s.action.kind)).toEqual(['clear-fence', 'hook']);
  });
});
