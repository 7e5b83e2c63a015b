import { describe, expect, it } from 'vitest';
import type { TopologySnapshot } from '../../../core/analysis/topology-snapshot.js';
import { formatInstanceKey, parseInstanceKey, sameInstance } from '../../../core/model/instance-key.js';
import { sourceOf } from '../../../core/model/topology-tree.js';
import { chooseCandidate } from '../../../core/recovery/candidate.js';
import { parseRecoveryPolicy } from '../../../core/recovery/recovery-policy.js';
import { applyChanges, loadBase, type Change } from '../analysis/topology-fixtures.js';

const P = '127.0.0.1:3306';
const R1 = '127.0.0.1:3307';
const R2 = '127.0.0.1:3308';
const channel = (fields: Record<string, unknown>) => ({ facts: { replication: { 0: fields } } });
const connecting = channel({ ioState: 'connecting', lagSeconds: null, lastIoErrno: 2003, lastIoError: "Can't connect" });
const dead: Change[] = [
  { instance: P, set: { reachable: false, lastError: 'orc_unreachable: connect ECONNREFUSED' } },
  { instance: R1, set: connecting },
  { instance: R2, set: connecting },
];

function choose(changes: Change[], policyRaw: unknown = {}, failedKnown = true) {
  const snapshot: TopologySnapshot = applyChanges(loadBase(), [...dead, ...changes]);
  const failed = parseInstanceKey(P);
  const replicas = snapshot.instances.filter((r) => sourceOf(r) !== null && sameInstance(sourceOf(r)!, failed));
  const failedFacts = failedKnown ? snapshot.instances.find((r) => sameInstance(r.key, failed))!.facts : null;
  return chooseCandidate({ failed, replicas, failedFacts, policy: parseRecoveryPolicy(policyRaw), now: snapshot.observedAt });
}
const name = (k: { host: string; port: number } | null) => (k ? formatInstanceKey(k) : null);
const reasonOf = (choice: ReturnType<typeof choose>, instance: string) =>
  choice.ordered.find((v) => formatInstanceKey(v.key) === instance)?.reason;
const gtid = (pos: string) => ({ facts: { gtid: { executed: pos, binlogPos: pos }, replication: { 0: { retrievedGtid: pos } } } });

describe('chooseCandidate', () => {
  it('has no candidate when the failed server has no replicas', () => {
    const choice = chooseCandidate({ failed: parseInstanceKey(P), replicas: [], failedFacts: null, policy: parseRecoveryPolicy(), now: 0 });
    expect(choice.candidate).toBeNull();
    expect(choice.reason).toBe('no candidate: the failed server has no replicas');
  });

  it('skips a replica lagging above failOnLagAboveSeconds (a null lag is not checked)', () => {
    const choice = choose([{ instance: R1, set: channel({ ioState: 'yes', lagSeconds: 30 }) }], { failOnLagAboveSeconds: 5 });
    expect(name(choice.candidate)).toBe(R2);
    expect(reasonOf(choice, R1)).toBe('lag 30s is above failOnLagAboveSeconds 5');
  });

  it('skips a replica whose SQL thread stopped on an error, and ranks it by what it applied', () => {
    const choice = choose([{ instance: R1, set: channel({ sqlRunning: false, lastSqlErrno: 1062, retrievedGtid: '0-1-1005' }) }]);
    expect(name(choice.candidate)).toBe(R2);
    expect(reasonOf(choice, R1)).toBe('SQL thread stopped with error 1062');
    expect(choice.ordered.find((v) => formatInstanceKey(v.key) === R1)?.position).toBe('0-1-1000');
  });

  it('skips a replica whose binlog format is wider than most logging siblings', () => {
    const choice = choose([{ instance: R2, set: { facts: { binlogFormat: 'STATEMENT' } } }]);
    expect(name(choice.candidate)).toBe(R2);
    expect(reasonOf(choice, R1)).toBe("binlog format ROW is wider than most logging siblings'");
  });

  it('ranks by executed positions when promotion does not wait for relay logs', () => {
    const lagging: Change = { instance: R1, set: { ...gtid('0-1-950'), facts: { replication: { 0: { retrievedGtid: '0-1-1000', relayLogApplied: false } } } } };
    const choice = choose([lagging, { instance: R1, set: { facts: { gtid: { executed: '0-1-950', binlogPos: '0-1-950' } } } }], {
      delayPromotionUntilRelayApplied: false,
      promotionRules: { [R1]: 'prefer' },
    });
    expect(choice.positionsInclude).toBe('executed');
    expect(name(choice.candidate)).toBe(R2);
    expect(reasonOf(choice, R1)).toContain('a more up-to-date position');
  });

  it('waits for the relay log of a preferred candidate that has not applied it', () => {
    const changes: Change[] = [
      { instance: R1, set: { facts: { gtid: { executed: '0-1-950', binlogPos: '0-1-950' }, replication: { 0: { relayLogApplied: false } } } } },
    ];
    const choice = choose(changes, { promotionRules: { [R1]: 'prefer' } });
    expect(name(choice.candidate)).toBe(R1);
    expect(choice.awaitRelayApply).toBe(true);
    expect(reasonOf(choice, R1)).toContain('waits for its relay log to be applied');
  });

  it('loses a diverged replica and flags data loss', () => {
    const choice = choose([{ instance: R1, set: gtid('0-9-1000') }], { promotionRules: { [R2]: 'prefer' } });
    expect(name(choice.candidate)).toBe(R2);
    expect(choice.lost.map((l) => [formatInstanceKey(l.key), l.kind])).toEqual([[R1, 'diverged']]);
    expect(choice.dataLoss).toBe(true);
    expect(choice.reason).toContain('DATA LOSS');
  });

  it('loses a replica older than the candidate and one without GTID, without data loss', () => {
    const newer = { facts: { version: '11.4.5-MariaDB-log', majorVersion: '11.4' } };
    const choice = choose(
      [
        { instance: R2, set: newer },
        { instance: '127.0.0.1:3310', copyOf: R2, set: { facts: { serverId: 5 } } },
        { instance: '127.0.0.1:3311', copyOf: R2, set: { facts: { serverId: 6, replication: { 0: { gtidUsage: 'no' } } } } },
      ],
      { promotionRules: { [R2]: 'prefer' } },
    );
    expect(name(choice.candidate)).toBe(R2);
    expect(choice.lost.map((l) => [formatInstanceKey(l.key), l.kind])).toEqual([
      [R1, 'incompatible'],
      ['127.0.0.1:3311', 'no_gtid'],
    ]);
    expect(reasonOf(choice, '127.0.0.1:3311')).toBe('does not replicate with GTID');
    expect(choice.dataLoss).toBe(false);
  });

  it('cannot tell errant GTIDs without the failed primary facts, so ranks by position alone', () => {
    const choice = choose([{ instance: R1, set: { facts: { gtid: { executed: '0-2-1001', binlogPos: '0-2-1001' } } } }], {}, false);
    expect(name(choice.candidate)).toBe(R1);
    expect(choice.lost).toEqual([]);
  });

  it('orders chosen, then eligible, then skipped replicas', () => {
    const choice = choose(
      [{ instance: '127.0.0.1:3310', copyOf: R2, set: { facts: { serverId: 5 } } }],
      { promotionRules: { [R1]: 'must_not', '127.0.0.1:3310': 'prefer' } },
    );
    expect(choice.ordered.map((v) => [formatInstanceKey(v.key), v.verdict])).toEqual([
      ['127.0.0.1:3310', 'chosen'],
      [R2, 'eligible'],
      [R1, 'skipped'],
    ]);
  });
});
