import type { Generated } from 'kysely';

/** A row of orc_instances: one server orc knows, keyed by (host, port); host is stored lower-cased. */
export interface InstancesTable {
  host: string;
  port: number;
  cluster_name: string;
  /** InstanceFacts as JSON text; null until the first successful probe. */
  facts: string | null;
  /** 1 when the latest probe succeeded, else 0 (better-sqlite3 rejects JS booleans). */
  reachable: number;
  last_checked_at: number;
  last_seen_at: number | null;
  last_error: string | null;
  first_seen_at: number;
}

/** A row of orc_clusters: a cluster named after its root primary. */
export interface ClustersTable {
  name: string;
  alias: string | null;
  primary_host: string;
  primary_port: number;
  updated_at: number;
}

/** A row of orc_audit; seq orders entries written in the same millisecond. */
export interface AuditTable {
  seq: Generated<number>;
  id: string;
  at: number;
  actor: string;
  action: string;
  target: string;
  cluster: string | null;
  detail: string;
  outcome: string;
}

/**
 * A row of orc_recoveries; seq orders recoveries started in the same millisecond. active_cluster holds the cluster
 * name while the recovery runs and null once it ended: its unique index lets one recovery per cluster run.
 */
export interface RecoveriesTable {
  seq: Generated<number>;
  id: string;
  cluster: string;
  cluster_alias: string | null;
  kind: string;
  trigger_code: string;
  failed_host: string;
  failed_port: number;
  successor_host: string | null;
  successor_port: number | null;
  status: string;
  active_cluster: string | null;
  actor: string;
  started_at: number;
  ended_at: number | null;
  /** JSON array of "host:port" texts. */
  lost: string;
  summary: string;
  acknowledged_at: number | null;
  acknowledged_by: string | null;
  ack_comment: string | null;
  /** The process running it (null once ended or for rows of an older orc). */
  runner: string | null;
  renewed_at: number | null;
  /** JSON RecoveryProgress, null before the first update. */
  progress: string | null;
  data_loss: Generated<number>;
}

/** A row of orc_recovery_steps, keyed by (recovery_id, step_index). */
export interface RecoveryStepsTable {
  recovery_id: string;
  step_index: number;
  name: string;
  status: string;
  started_at: number;
  ended_at: number | null;
  message: string;
}

/** A row of orc_locks: the maintenance lock of one instance, keyed by (host, port). */
export interface LocksTable {
  host: string;
  port: number;
  owner: string;
  reason: string;
  acquired_at: number;
  expires_at: number;
}

/** A row of orc_downtime: the downtime window of one instance, keyed by (host, port). */
export interface DowntimeTable {
  host: string;
  port: number;
  owner: string;
  reason: string;
  began_at: number;
  /** The window's end ("until" is a reserved word in MySQL). */
  ends_at: number;
}

/** A row of orc_fences: a demoted primary orc keeps fenced, keyed by (host, port). */
export interface FencesTable {
  host: string;
  port: number;
  cluster: string;
  recovery_id: string;
  fenced_at: number;
  state: string;
  updated_at: number;
  detail: string;
}

/** A row of orc_settings: one runtime switch. */
export interface SettingsTable {
  name: string;
  value: string;
  updated_at: number;
}

/**
 * A row of orc_leases: the leadership lease of one name (one row per name, taken over when expired). Times are the
 * backend's own clock; a released lease keeps its row (holder '', expires_at 0) so its epoch keeps growing.
 */
export interface LeasesTable {
  name: string;
  holder: string;
  acquired_at: number;
  expires_at: number;
  /** The fencing generation: one more each time the lease changes hands (0 on rows from before 0016_lease_epoch). */
  epoch: number;
}

/** A row of orc_nodes: one orc service's health, keyed by its lease holder identity; times by that service's clock. */
export interface NodesTable {
  holder: string;
  host: string;
  pid: number;
  version: string;
  started_at: number;
  last_seen_at: number;
  /** 'leader' or 'follower' at its latest election round. */
  role: string;
}

/** A row of orc_seeds: one seed's current state (core/seeds/seed.ts), keyed by id. */
export interface SeedsTable {
  id: string;
  method: string;
  source_host: string;
  source_port: number;
  target_host: string;
  target_port: number;
  stage: string;
  status: string;
  /** JSON object of retries per stage. */
  retries: string;
  bytes_copied: number;
  progress_at: number | null;
  /** 1 once an operator asked to abort. */
  abort_requested: number;
  created_at: number;
  started_at: number | null;
  ended_at: number | null;
  updated_at: number;
  error: string | null;
}

/** A row of orc_seed_states: append-only history of seeds; seq orders rows of the same millisecond. */
export interface SeedStatesTable {
  seq: Generated<number>;
  seed_id: string;
  at: number;
  /** 'source' or 'target', or null when orc itself acted. */
  agent: string | null;
  stage: string;
  status: string;
  details: string;
}

/** A row of orc_agents: the latest registration of the agent beside one database server, keyed by (host, port). */
export interface AgentsTable {
  host: string;
  port: number;
  /** The agent's base URL (http or https, no path). */
  url: string;
  last_seen_at: number;
  /** AgentInfo as JSON text. */
  info: string;
}

/** A row of orc_rollouts: one entity's rollout, keyed by (namespace, entity); revision orders its writes (compare-and-set). */
export interface RolloutsTable {
  namespace: string;
  entity: string;
  revision: number;
  target_version: string;
  rolling_version: string;
  last_known_good: string;
  last_known_bad: string;
  phase: string;
  /** RolloutOptions as JSON text. */
  options: string;
  /** The rest of the rollout's state as JSON text: bad versions, pause, steps, promotion, progress times and counts. */
  progress: string;
  created_at: number;
  updated_at: number;
}

/** A row of orc_rollout_targets: one target of a rollout, keyed by (namespace, entity, name). */
export interface RolloutTargetsTable {
  namespace: string;
  entity: string;
  name: string;
  /** '' when the target has no group ("group" is a reserved word). */
  group_name: string;
  version: string;
  /** 1 when the target reported an error, else 0. */
  is_error: number;
  message: string;
  version_changed_at: number;
  error_changed_at: number;
  reported_at: number;
  wanted_version: string;
  wanted_at: number;
}

/** A row of orc_fleet_rollouts: one fleet rollout, its plan and servers as JSON (body), revision for compare-and-set. */
export interface FleetRolloutsTable {
  id: string;
  cluster_name: string;
  revision: number;
  /** 1 once the rollout ended and nothing is left to execute. */
  done: number;
  body: string;
  created_at: number;
  updated_at: number;
}

/** A row of orc_notifications: one queued notification per event key, with its delivery state. */
export interface NotificationsTable {
  event_key: string;
  cluster: string | null;
  channel: string;
  text: string;
  payload: string;
  created_at: number;
  attempts: number;
  next_attempt_at: number;
  delivered_at: number | null;
  last_error: string | null;
}

/** A row of orc_confirmations: a destructive command waiting for its requester's confirmation. */
export interface ConfirmationsTable {
  id: string;
  requester: string;
  requester_name: string;
  channel: string;
  command: string;
  created_at: number;
  expires_at: number;
}

/** The kysely view of orc's store; every time is epoch milliseconds, every boolean 0/1. */
export interface StoreDatabase {
  orc_instances: InstancesTable;
  orc_clusters: ClustersTable;
  orc_audit: AuditTable;
  orc_recoveries: RecoveriesTable;
  orc_recovery_steps: RecoveryStepsTable;
  orc_locks: LocksTable;
  orc_downtime: DowntimeTable;
  orc_fences: FencesTable;
  orc_settings: SettingsTable;
  orc_leases: LeasesTable;
  orc_nodes: NodesTable;
  orc_seeds: SeedsTable;
  orc_seed_states: SeedStatesTable;
  orc_agents: AgentsTable;
  orc_rollouts: RolloutsTable;
  orc_rollout_targets: RolloutTargetsTable;
  orc_fleet_rollouts: FleetRolloutsTable;
  orc_notifications: NotificationsTable;
  orc_confirmations: ConfirmationsTable;
}

/** Longest host name a key column holds (DNS names are at most 253 characters). */
export const HOST_LENGTH = 255;

/** Longest cluster name or alias: a host, a colon and a port, with room for IPv6 brackets. */
export const CLUSTER_NAME_LENGTH = 300;

/** Longest id (recoveries, audit entries; orc generates nanoids far shorter). */
export const ID_LENGTH = 64;

/** Longest actor, lock or downtime owner, acknowledger, step name or trigger. */
export const NAME_LENGTH = 255;

/** Longest setting name. */
export const SETTING_NAME_LENGTH = 128;
