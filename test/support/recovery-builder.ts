import { parseInstanceKey } from '../../core/model/instance-key.js';
import type { RecoveryRecord } from '../../core/ports/recovery-store.js';

/** A running dead-primary recovery record of cluster 127.0.0.1:3306; override any field. */
export function makeRecovery(overrides: Partial<RecoveryRecord> = {}): RecoveryRecord {
  return {
    id: 'rec',
    cluster: '127.0.0.1:3306',
    clusterAlias: null,
    kind: 'dead-primary',
    trigger: 'DeadPrimary',
    failed: parseInstanceKey('127.0.0.1:3306'),
    successor: null,
    status: 'running',
    actor: 'test',
    startedAt: 1_000_000,
    endedAt: null,
    lost: [],
    summary: '',
    acknowledgedAt: null,
    acknowledgedBy: null,
    ackComment: null,
    dataLoss: false,
    runner: null,
    renewedAt: null,
    progress: null,
    ...overrides,
  };
}
