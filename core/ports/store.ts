import type { AuditEntry, ClusterRecord, InstanceFacts, InstanceRecord } from '../model/instance.js';
import type { InstanceKey } from '../model/instance-key.js';
import type { OrcNode } from '../model/orc-node.js';

/** A successful probe to persist. */
export interface ObservationInput {
  readonly facts: InstanceFacts;
  readonly clusterName: string;
}

/** A failed probe to persist; the last good facts are kept. */
export interface ProbeFailureInput {
  readonly key: InstanceKey;
  readonly at: number;
  readonly error: string;
}

/** Backend state of orc: instances, clusters and the audit log (SQLite or MySQL/MariaDB). */
export interface Store {
  /** Records a successful probe (inserting the instance when new). */
  recordObservation(input: ObservationInput): Promise<void>;
  /** Records a failed probe; an unknown instance is inserted as never reached, under clusterName. */
  recordProbeFailure(input: ProbeFailureInput, clusterName: string): Promise<void>;
  /** Moves instances to other clusters after a topology change, in one transaction. */
  assignClusters(assignments: readonly { key: InstanceKey; clusterName: string }[]): Promise<void>;
  getInstance(key: InstanceKey): Promise<InstanceRecord | undefined>;
  listInstances(filter?: { clusterName?: string }): Promise<InstanceRecord[]>;
  /** Removes an instance from orc's view (operator "forget"). */
  forgetInstance(key: InstanceKey): Promise<boolean>;
  upsertCluster(cluster: ClusterRecord): Promise<void>;
  /** Removes cluster rows whose names are not in keep. */
  pruneClusters(keep: readonly string[]): Promise<void>;
  listClusters(): Promise<ClusterRecord[]>;
  appendAudit(entry: AuditEntry): Promise<void>;
  listAudit(options?: { limit?: number; cluster?: string }): Promise<AuditEntry[]>;
  /** Inserts or replaces the health row of one orc service (keyed by its holder identity). */
  recordNodeHeartbeat(node: OrcNode): Promise<void>;
  /** Every orc service's health row, most recently seen first. */
  listNodes(): Promise<OrcNode[]>;
  /** Deletes the rows of services last seen before seenBefore (restarted or gone for good); returns how many. */
  forgetNodes(seenBefore: number): Promise<number>;
  close(): Promise<void>;
}
