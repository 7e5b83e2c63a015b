import { effectivePosition, errantOf, gtidScore } from '../analysis/gtid-view.js';
import type { InstanceKey } from '../model/instance-key.js';
import { primaryChannel, type Flavor, type InstanceFacts, type InstanceRecord } from '../model/instance.js';
import { dataCenterOf, promotionRuleOf, regionOf, type PromotionRule, type RecoveryPolicy } from './recovery-policy.js';

/** Everything candidate choice compares about one replica, computed once. */
export interface CandidateProfile {
  readonly key: InstanceKey;
  readonly record: InstanceRecord;
  readonly facts: InstanceFacts | null;
  readonly reachable: boolean;
  readonly flavor: Flavor | null;
  readonly position: string;
  readonly score: bigint;
  /** Transactions of its own the failed primary lacks ('' when none or unknown). */
  readonly errant: string;
  readonly rule: PromotionRule;
  readonly dataCenter: string | null;
  readonly region: string | null;
  readonly relayApplied: boolean;
  readonly lagSeconds: number | null;
  readonly sqlError: number;
  readonly major: readonly number[];
  readonly formatWidth: number;
  /** log_bin and log_slave_updates: its binlog can serve every transaction it has. */
  readonly logs: boolean;
  readonly usesGtid: boolean;
}

const FORMAT_WIDTH: Readonly<Record<string, number>> = { STATEMENT: 0, MIXED: 1, ROW: 2 };

/** Builds the profile of one replica under the policy. */
export function profileReplica(record: InstanceRecord, failedFacts: InstanceFacts | null, policy: RecoveryPolicy): CandidateProfile {
  const facts = record.facts;
  const channel = facts ? primaryChannel(facts) : null;
  const position = facts ? effectivePosition(facts, policy.delayPromotionUntilRelayApplied) : '';
  return {
    key: record.key,
    record,
    facts,
    reachable: record.reachable && facts !== null,
    flavor: facts?.flavor ?? null,
    position,
    score: facts ? gtidScore(facts.flavor, position) : -1n,
    errant: facts && failedFacts ? errantOf(facts, failedFacts) : '',
    rule: promotionRuleOf(policy, record.key),
    dataCenter: dataCenterOf(policy, record.key),
    region: regionOf(policy, record.key),
    relayApplied: channel?.relayLogApplied ?? true,
    lagSeconds: channel?.lagSeconds ?? null,
    sqlError: channel && !channel.sqlRunning ? channel.lastSqlErrno : 0,
    major: parseMajor(facts?.majorVersion ?? ''),
    formatWidth: FORMAT_WIDTH[(facts?.binlogFormat ?? 'ROW').toUpperCase()] ?? 2,
    logs: !!facts && facts.logBin && facts.logReplicaUpdates,
    usesGtid: !!facts && facts.gtid.enabled && (channel?.gtidUsage ?? 'no') !== 'no',
  };
}

/** Orders major versions numerically ("10.11" after "10.6"). */
export function compareMajor(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

function parseMajor(text: string): number[] {
  return text.split('.').map((p) => Number.parseInt(p, 10)).filter((n) => Number.isFinite(n));
}
