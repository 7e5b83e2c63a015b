import { describe, expect, it } from 'vitest';
import { ALL_ANALYSIS_CODES, ANALYSIS_CODES } from '../../../core/analysis/analysis-codes.js';
import { latestRecoveryOf } from '../../../core/recovery/gate-state.js';
import { recoveryActionFor } from '../../../core/recovery/recovery-action.js';
import { parseInstanceKey } from '../../../core/model/instance-key.js';
import type { RecoveryRecord } from '../../../core/ports/recovery-store.js';
import { makeFacts, makeRecord } from '../../support/facts-builder.js';
import { makeRecovery } from '../../support/recovery-builder.js';

describe('recoveryActionFor', () => {
  it('fails over dead primaries, moves replicas of intermediate ones, and acts on nothing else', () => {
    const actions = Object.fromEntries(ALL_ANALYSIS_CODES.map((code) => [code, recoveryActionFor({ code, actionable: ANALYSIS_CODES[code].kind === 'actionable' })]));
    expect(actions.DeadPrimary).toBe('failover');
    expect(actions.DeadPrimaryAndSomeReplicas).toBe('failover');
    expect(actions.DeadCoPrimary).toBe('failover');
    expect(actions.DeadIntermediatePrimary).toBe('intermediate');
    expect(actions.AllIntermediatePrimaryReplicasFailingToConnectOrDead).toBe('intermediate');
    expect(actions.LockedSemiSyncPrimary).toBeNull();
    expect(actions.UnreachablePrimary).toBeNull();
    expect(actions.ErrantGTID).toBeNull();
  });
});

describe('latestRecoveryOf', () => {
  const rec = (id: string, cluster: string, failed: string, successor: string | null): RecoveryRecord =>
    makeRecovery({ id, cluster, failed: parseInstanceKey(failed), successor: successor ? parseInstanceKey(successor) : null, status: 'succeeded', startedAt: 1, endedAt: 2 });

  it('finds a recovery of the cluster under its old name through its successor', () => {
    const snapshot = { clusterName: 'db:2', alias: null, instances: [makeRecord('db:2', makeFacts('db:2'))] };
    expect(latestRecoveryOf([rec('a', 'other:1', 'other:1', 'other:2'), rec('b', 'db:1', 'db:1', 'db:2')], snapshot)?.id).toBe('b');
    expect(latestRecoveryOf([rec('a', 'other:1', 'other:1', 'other:2')], snapshot)).toBeNull();
  });
});
