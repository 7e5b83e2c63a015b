import { describe, expect, it } from 'vitest';
import { auditNotification, auditedRecoveryId } from '../../../core/notifications/audit-notification.js';
import { seedEndNotification } from '../../../core/notifications/seed-notification.js';
import { notificationChannel } from '../../../core/notifications/notification-channel.js';
import type { AuditEntry } from '../../../core/model/instance.js';
import { parseInstanceKey } from '../../../core/model/instance-key.js';
import { newSeed } from '../../../core/seeds/seed.js';
import { makeRecovery } from '../../support/recovery-builder.js';

const T0 = 1_700_000_000_000;
const entry = (fields: Partial<AuditEntry>): AuditEntry => ({ id: 'e1', at: T0, actor: 'orc', action: 'discover', target: 'x', cluster: 'db-a:3306', detail: '', outcome: 'ok', ...fields });

describe('notifications derived from the audit log', () => {
  it('names a failed recovery as critical, with no successor', () => {
    const r = makeRecovery({ id: 'r9', cluster: 'db-a:3306', status: 'failed', endedAt: 1_000_000 + 2500, summary: 'no candidate' });
    const e = entry({ action: 'dead-primary', detail: 'recovery r9: failed: no candidate', outcome: 'failed' });
    expect(auditedRecoveryId(e)).toBe('r9');
    const n = auditNotification(e, r)!;
    expect(n).toMatchObject({ kind: 'recovery', severity: 'critical', title: 'Failover of db-a:3306 failed' });
    expect(n.fields).toContainEqual({ label: 'Successor', value: 'none' });
    expect(n.fields).toContainEqual({ label: 'Duration', value: '2.5 s' });
  });

  it('ignores a recovery entry without its record, refusals, and actions nobody needs to hear about', () => {
    expect(auditNotification(entry({ action: 'dead-primary', detail: 'recovery r9: failed: x' }), undefined)).toBeNull();
    expect(auditNotification(entry({ action: 'dead-primary', detail: 'recovery r9: failed: x' }), makeRecovery({ id: 'other' }))).toBeNull();
    expect(auditNotification(entry({ action: 'seed-start', outcome: 'refused' }), undefined)).toBeNull();
    expect(auditNotification(entry({ action: 'rollout-step-done' }), undefined)).toBeNull();
    expect(auditNotification(entry({ action: 'slack-confirm' }), undefined)).toBeNull();
  });

  it('tells seed starts and rollout failures', () => {
    expect(auditNotification(entry({ action: 'seed-start', detail: 'dump seed of db-c:3306 from db-a:3306', target: 'db-c:3306' }), undefined)).toMatchObject({ kind: 'seed', title: 'Seed started: dump seed of db-c:3306 from db-a:3306' });
    expect(auditNotification(entry({ action: 'rollout-failed', detail: 'ns/e: v2 marked bad: x', target: 'ns/e', outcome: 'failed' }), undefined)).toMatchObject({ kind: 'rollout', severity: 'critical' });
  });

  it('tells a seed that ended, and nothing while it runs', () => {
    const running = newSeed({ id: 'S1', method: 'dump', source: parseInstanceKey('db-a:3306'), target: parseInstanceKey('db-c:3306'), now: T0 });
    expect(seedEndNotification(running)).toBeNull();
    const failed = { ...running, status: 'Failed' as const, stage: 'Restore' as const, startedAt: T0, endedAt: T0 + 61_000, error: 'disk full' };
    expect(seedEndNotification(failed)).toMatchObject({ severity: 'critical', title: 'Seed S1 of db-c:3306 failed' });
    expect(seedEndNotification(failed)!.fields).toContainEqual({ label: 'Error', value: 'disk full' });
  });

  it('routes by alias, then name, then the default', () => {
    const routing = { default: 'C-D', clusters: { sales: 'C-S', 'db-x:3306': 'C-X' } };
    expect(notificationChannel(routing, 'db-a:3306', 'sales')).toBe('C-S');
    expect(notificationChannel(routing, 'db-x:3306', null)).toBe('C-X');
    expect(notificationChannel(routing, 'db-y:3306', 'other')).toBe('C-D');
    expect(notificationChannel({ clusters: {} }, 'db-y:3306', null)).toBeNull();
  });
});
