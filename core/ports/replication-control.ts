import type { GtidStart } from '../model/flavor-capabilities.js';
import type { InstanceKey } from '../model/instance-key.js';

/** What a replica is told to replicate from. */
export interface ChangeSourceInput {
  readonly source: InstanceKey;
  readonly gtidStart: GtidStart;
}

/** Changes replication on one server; every call has its own timeouts and honours the signal. */
export interface ReplicationControl {
  stopReplica(key: InstanceKey, signal?: AbortSignal): Promise<void>;
  /** Stops only the IO thread, so the relay log can still be applied. */
  stopReplicaIo(key: InstanceKey, signal?: AbortSignal): Promise<void>;
  startReplica(key: InstanceKey, signal?: AbortSignal): Promise<void>;
  /** Forgets the replication configuration entirely (promotion). */
  resetReplicaAll(key: InstanceKey, signal?: AbortSignal): Promise<void>;
  /** Points the replica at a new source by GTID (replication must be stopped). */
  changeSource(key: InstanceKey, input: ChangeSourceInput, signal?: AbortSignal): Promise<void>;
  /** Sets read_only (and super_read_only where the server has it). */
  setReadOnly(key: InstanceKey, readOnly: boolean, signal?: AbortSignal): Promise<void>;
  /** Waits until the server has executed gtid; false on timeout. */
  waitForGtid(key: InstanceKey, gtid: string, timeoutMs: number, signal?: AbortSignal): Promise<boolean>;
  /** The server's executed GTID position read now (MariaDB gtid_current_pos, MySQL gtid_executed). */
  executedGtid(key: InstanceKey, signal?: AbortSignal): Promise<string>;
  /** Makes the server's replica position equal to its own binlog position (MariaDB), before it follows a new source. */
  alignReplicaPosition(key: InstanceKey, signal?: AbortSignal): Promise<void>;
  /**
   * Gives a freshly seeded server its source's GTID position before it follows the source: MariaDB stops replication
   * and sets gtid_slave_pos; MySQL resets the copy's binary logs and GTID history and sets gtid_purged.
   */
  setReplicaGtidPosition(key: InstanceKey, gtid: string, signal?: AbortSignal): Promise<void>;
  /** Commits one empty transaction per GTID ("uuid:n") on the server (MySQL errant-GTID fix); MariaDB refuses. */
  injectEmptyTransactions(key: InstanceKey, gtids: readonly string[], signal?: AbortSignal): Promise<void>;
  close(): Promise<void>;
}
