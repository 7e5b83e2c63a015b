import { describe, expect, it } from 'vitest';
import type { InstanceFacts, InstanceRecord, ReplicationStatus } from '../../../core/model/instance.js';
import { parseInstanceKey } from '../../../core/model/instance-key.js';
import { parseRecoveryPolicy } from '../../../core/recovery/recovery-policy.js';
import { chooseTakeoverTarget, planTakeover, planTakeoverRollback, takeoverRefusal } from '../../../core/recovery/takeover-plan.js';
import { makeFacts, makeRecord } from '../../support/facts-builder.js';

const P = '127.0.0.1:3306';
const R1 = '127.0.0.1:3307';
const R2 = '127.0.0.1:3308';
const R3 = '127.0.0.1:3309';
const policy = parseRecoveryPolicy();
const key = parseInstanceKey;

const primary = makeRecord(P, makeFacts(P, { replicas: [R1, R2], serverId: 1 }));
function replica(name: string, options: { channel?: Partial<ReplicationStatus>; source?: string } & Partial<Omit<InstanceFacts, 'replicas'>> = {}): InstanceRecord {
  const { channel, source = P, ...rest } = options;
  return makeRecord(name, makeFacts(name, { source, serverId: Number(name.split(':')[1]), ...(channel ? { channel } : {}), ...rest }));
}
const choose = (instances: InstanceRecord[], designated: string | null, raw: unknown = {}) =>
  chooseTakeoverTarget({ primary, instances: [primary, ...instances], designated: designated ? key(designated) : null, policy: parseRecoveryPolicy(raw), now: 1_000_000 });

describe('takeoverRefusal', () => {
  it('accepts a healthy GTID replica that logs what it applies', () => {
    expect(takeoverRefusal(replica(R1), primary, policy)).toBeNull();
  });

  it.each([
    ['unreachable', { ...replica(R1), reachable: false }, 'is not reachable'],
    ['log_bin off', replica(R1, { logBin: false }), 'has log_bin OFF: its binlog could not serve the other servers'],
    ['log_slave_updates off', replica(R1, { logReplicaUpdates: false }), 'has log_slave_updates OFF: its binlog lacks what it replicated'],
    ['IO thread connecting', replica(R1, { channel: { ioState: 'connecting', lagSeconds: null } }), 'is not replicating (IO thread connecting, SQL thread running)'],
    ['no GTID', replica(R1, { channel: { gtidUsage: 'no' } }), 'does not replicate with GTID'],
    ['lagging', replica(R1, { channel: { lagSeconds: 21 } }), 'lags 21s, above recovery.maxLagForTakeoverSeconds 20'],
    [
      'errant GTID',
      replica(R1, { gtid: { enabled: true, executed: '0-3307-101', binlogPos: '0-3307-101', replicaPos: '0-1-100', domainId: 0, strict: true, mode: 'ON' } }),
      'has errant GTID 0-3307-101 the primary lacks (see orc errant)',
    ],
  ])('refuses a replica with %s', (_name, record, reason) => {
    expect(takeoverRefusal(record, primary, policy)).toBe(reason);
  });

  it('refuses a replica whose promotion rule is must_not', () => {
    expect(takeoverRefusal(replica(R1), primary, parseRecoveryPolicy({ promotionRules: { [R1]: 'must_not' } }))).toBe('has promotion rule must_not');
  });
});

describe('chooseTakeoverTarget', () => {
  it('takes the designated replica when it qualifies', () => {
    expect(choose([replica(R1), replica(R2)], R2)).toEqual({ ok: true, designated: key(R2), reason: `${R2} designated by the operator` });
  });

  it('refuses a designated server that is not a direct replica, saying where it replicates from', () => {
    expect(choose([replica(R1), replica(R3, { source: R1 })], R3)).toEqual({
      ok: false,
      code: 'orc_refused',
      reason: `${R3} is not a direct replica of the primary ${P} (it replicates from ${R1}; relocate it first)`,
    });
    expect(choose([replica(R1)], '127.0.0.1:4000')).toMatchObject({ ok: false, reason: `127.0.0.1:4000 is not a direct replica of the primary ${P} (orc does not know it in this cluster)` });
  });

  it('refuses a designated replica above the lag limit', () => {
    expect(choose([replica(R1, { channel: { lagSeconds: 30 } })], R1, { maxLagForTakeoverSeconds: 10 })).toEqual({
      ok: false,
      code: 'orc_refused',
      reason: `${R1} lags 30s, above recovery.maxLagForTakeoverSeconds 10`,
    });
  });

  it('chooses the most up-to-date qualifying replica by candidate ranking', () => {
    const ahead = { gtid: { enabled: true, executed: '0-1-120', binlogPos: '0-1-120', replicaPos: '0-1-120', domainId: 0, strict: true, mode: 'ON' } };
    const choice = choose([replica(R1), replica(R2, ahead)], null);
    expect(choice).toMatchObject({ ok: true, designated: key(R2) });
  });

  it('skips a better-ranked replica that may not take over and takes the next one', () => {
    const ahead = { gtid: { enabled: true, executed: '0-1-120', binlogPos: '0-1-120', replicaPos: '0-1-120', domainId: 0, strict: true, mode: 'ON' } };
    const choice = choose([replica(R1), replica(R2, { ...ahead, channel: { lagSeconds: 50 } })], null);
    expect(choice).toMatchObject({ ok: true, designated: key(R1) });
  });

  it('has no candidate when no replica qualifies, listing each reason', () => {
    const choice = choose([replica(R1, { logBin: false }), replica(R2, { channel: { lagSeconds: 50 } })], null);
    expect(choice).toEqual({
      ok: false,
      code: 'orc_no_candidate',
      reason: `no replica of ${P} can take over: ${R2} lags 50s, above recovery.maxLagForTakeoverSeconds 20; ${R1}: log_bin is OFF`,
    });
    expect(choose([], null)).toEqual({ ok: false, code: 'orc_no_candidate', reason: `the primary ${P} has no replicas` });
  });
});

describe('planTakeover', () => {
  const input = { primary: key(P), designated: key(R1), siblings: [key(R2)], timing: { catchUpTimeoutMs: 30_000, windowStepTimeoutMs: 5_000 } };

  it('changes nothing before the window and keeps the window to read_only, last transactions, promotion', () => {
    const plan = planTakeover(input);
    expect(plan.prepare.map((s) => s.action.kind)).toEqual(['hook', 'await-executed']);
    expect(plan.prepare.every((s) => s.critical)).toBe(true);
    expect(plan.window.map((s) => s.name)).toEqual([
      `set read_only=ON on ${P}`,
      `wait until ${R1} executed everything of ${P}`,
      `promote ${R1} (reset replication, read_only=OFF)`,
    ]);
    expect(plan.window.every((s) => s.critical)).toBe(true);
    expect(plan.window[0]!.action).toMatchObject({ kind: 'set-read-only', timeoutMs: 5_000 });
    expect(plan.window[1]!.action).toMatchObject({ kind: 'await-executed', timeoutMs: 5_000 });
  });

  it('moves the siblings, then the old primary, under the new primary after the window', () => {
    const plan = planTakeover(input);
    expect(plan.finish.map((s) => s.name)).toEqual([
      `repoint ${R2} to ${R1} (slave_pos)`,
      `make ${P} a replica of ${R1} (slave_pos)`,
      'hooks postGracefulTakeover',
    ]);
    expect(plan.finish.some((s) => s.critical)).toBe(false);
    expect(planTakeover({ ...input, siblings: [] }).finish.map((s) => s.action.kind)).toEqual(['rejoin', 'hook']);
  });

  it('rolls back to the old primary; after a promotion attempt the designated replica is read-only first (critical)', () => {
    expect(planTakeoverRollback(input, false).map((s) => s.name)).toEqual([`set read_only=OFF on ${P}`]);
    const after = planTakeoverRollback(input, true);
    expect(after.map((s) => s.name)).toEqual([`set read_only=ON on ${R1}`, `set read_only=OFF on ${P}`, `repoint ${R1} to ${P} (slave_pos)`]);
    expect(after.map((s) => s.critical)).toEqual([true, true, false]);
  });
});
