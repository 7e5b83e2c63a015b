import type { InstanceKey } from '../model/instance-key.js';
import type { InstanceFacts, InstanceRecord } from '../model/instance.js';
import type { PromotionRule, RecoveryPolicy } from './recovery-policy.js';

/** What candidate choice needs: the failed server, its direct replicas and what orc last knew of it. */
export interface CandidateInput {
  readonly failed: InstanceKey;
  readonly replicas: readonly InstanceRecord[];
  /** The failed server's last good facts (its executed GTIDs decide which replicas hold errant ones). */
  readonly failedFacts: InstanceFacts | null;
  readonly policy: RecoveryPolicy;
  readonly now: number;
}

/** One replica's verdict, in ranking order: the chosen one first, then eligible ones, then skipped ones. */
export interface CandidateVerdict {
  readonly key: InstanceKey;
  readonly verdict: 'chosen' | 'eligible' | 'skipped';
  readonly reason: string;
  /** GTID position the ranking used (see CandidateChoice.positionsInclude). */
  readonly position: string;
  readonly promotionRule: PromotionRule;
}

/** Why a replica cannot follow the candidate. */
export type LostKind = 'ahead' | 'diverged' | 'errant' | 'incompatible' | 'no_gtid';

/** A reachable replica the plan must detach (and downtime) instead of repointing under the candidate. */
export interface LostReplica {
  readonly key: InstanceKey;
  readonly kind: LostKind;
  readonly reason: string;
  /** The transactions it holds that the candidate will not have ('' when none or not comparable). */
  readonly gtids: string;
}

/** The outcome of candidate choice; candidate null means no replica may be promoted (reason says why). */
export interface CandidateChoice {
  readonly failed: InstanceKey;
  readonly candidate: InstanceKey | null;
  readonly ordered: readonly CandidateVerdict[];
  /** A more up-to-date replica the candidate must replicate from until it has all of its transactions, first. */
  readonly catchUpFrom: InstanceKey | null;
  /** The candidate must finish applying its relay log before promotion (delayPromotionUntilRelayApplied). */
  readonly awaitRelayApply: boolean;
  /** 'relay': positions count received-but-unapplied transactions (the executor drains relay logs first). */
  readonly positionsInclude: 'relay' | 'executed';
  readonly lost: readonly LostReplica[];
  /** Replicas that cannot be repointed now because orc cannot reach them. */
  readonly unreachable: readonly InstanceKey[];
  /** True when a lost replica holds transactions the new primary will not have. */
  readonly dataLoss: boolean;
  readonly reason: string;
}
