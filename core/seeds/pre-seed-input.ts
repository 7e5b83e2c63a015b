import type { InstanceKey } from '../model/instance-key.js';

/** What orc learned from one agent before a seed (null when it could not be reached). */
export interface PreSeedAgent {
  /** Methods the agent can run on its host. */
  readonly methods: readonly string[];
  /** The id of a seed the agent is busy with, or null. */
  readonly activeSeed: string | null;
}

/** What orc read from one database server before a seed (null when it could not be read). */
export interface PreSeedServer {
  /** The server's version text, e.g. "10.11.6-MariaDB". */
  readonly version: string;
  /** Storage engines of the server's user tables, lower-case. */
  readonly engines: readonly string[];
  readonly binlog: boolean;
  readonly logSlaveUpdates: boolean;
  readonly isReplica: boolean;
  readonly replicaCount: number;
  /** Size of the data set in bytes. */
  readonly dataBytes: number;
  /** Free bytes in the datadir's file system. */
  readonly freeBytes: number;
}

/** Everything the pre-seed checks look at, gathered by the command layer. */
export interface PreSeedInput {
  /** The method as the operator named it (checked here). */
  readonly method: string;
  readonly source: InstanceKey;
  readonly target: InstanceKey;
  readonly sourceAgent: PreSeedAgent | null;
  readonly targetAgent: PreSeedAgent | null;
  readonly sourceServer: PreSeedServer | null;
  readonly targetServer: PreSeedServer | null;
}

/** Why a seed may not start: a stable code and a one-line reason. */
export interface SeedRefusal {
  readonly code:
    | 'unknown-method'
    | 'self-seed'
    | 'agent-unreachable'
    | 'method-unavailable'
    | 'unsupported-engine'
    | 'server-unreadable'
    | 'target-version-older'
    | 'source-binlog-off'
    | 'target-is-replica'
    | 'target-has-replicas'
    | 'agent-busy'
    | 'not-enough-space';
  readonly message: string;
}
