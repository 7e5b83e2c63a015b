import type { InstanceKey } from '../model/instance-key.js';
import type { AnalysisCode, AnalysisKind } from './analysis-codes.js';

/** How the replicas of the analyzed instance looked. */
export interface ReplicaCounts {
  readonly total: number;
  readonly reachable: number;
  readonly replicating: number;
  readonly failingToConnect: number;
}

/** One analysis result: a code on one instance of one cluster, with the evidence behind it. */
export interface Finding {
  readonly code: AnalysisCode;
  readonly kind: AnalysisKind;
  readonly actionable: boolean;
  readonly cluster: string;
  readonly clusterAlias: string | null;
  readonly instance: InstanceKey;
  readonly description: string;
  readonly replicas: ReplicaCounts;
  /** Evidence, JSON-safe: which replicas confirmed, errant GTIDs, stall durations, ... */
  readonly details: Readonly<Record<string, unknown>>;
}

/** Counts used when a finding is not about replicas. */
export const NO_REPLICAS: ReplicaCounts = Object.freeze({ total: 0, reachable: 0, replicating: 0, failingToConnect: 0 });
