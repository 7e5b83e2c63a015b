import type { LabHeartbeat, LabHeartbeatMode } from './lab-heartbeat.js';

/** Role of a lab server in its topology. */
export type LabRole = 'primary' | 'intermediate' | 'replica';

/** What to build: a primary, `replicas` direct replicas of it and a chain of `chain` replicas below the first one. */
export interface LabOptions {
  name: string;
  basePort: number;
  replicas?: number;
  chain?: number;
  /** false: servers run without report_host/report_port, so SHOW SLAVE HOSTS cannot name them (default true). */
  reportHost?: boolean;
  /** 'server-default': replicas get no MASTER_HEARTBEAT_PERIOD and the default slave_net_timeout (default 'fast'). */
  heartbeat?: LabHeartbeatMode;
  root?: string;
  signal?: AbortSignal;
}

/** Options shared by every verb that works on an existing lab. */
export interface LabRef {
  root?: string;
  signal?: AbortSignal;
}

/** One server of a lab, as recorded by the harness. */
export interface LabInstance {
  port: number;
  host: '127.0.0.1';
  role: LabRole;
  serverId: number;
  pid: number;
  source: number | null;
  cnf: string;
  socket: string;
  datadir: string;
}

/** A lab and the credentials of its accounts (the admin account is `user`/`password`). */
export interface LabInfo {
  name: string;
  dir: string;
  config: string;
  user: string;
  password: string;
  topologyUser: string;
  topologyPassword: string;
  replicationUser: string;
  replicationPassword: string;
  appUser: string;
  appPassword: string;
  /** Whether servers report themselves to their source (report_host/report_port). */
  reportHost: boolean;
  /** The heartbeat settings every replica was started with. */
  heartbeat: LabHeartbeat;
  instances: LabInstance[];
}

/** Replication threads of a replica as SHOW SLAVE STATUS reports them. */
export interface LabReplicaStatus {
  ioRunning: string;
  sqlRunning: string;
  masterPort: number;
  lastIoErrno: number;
  lastIoError: string;
  lastSqlErrno: number;
  lastSqlError: string;
  secondsBehindMaster: number | null;
}

/** How one server of a lab is doing right now. */
export interface LabInstanceStatus {
  port: number;
  role: LabRole;
  serverId: number;
  source: number | null;
  pid: number;
  /** The recorded process exists (running or frozen) and is this lab's mariadbd. */
  alive: boolean;
  frozen: boolean;
  partitioned: boolean;
  /** Only the lab's own servers can reach its port (ci-env/lab isolate). */
  isolated: boolean;
  /** Null when the server did not answer on its socket (dead, frozen, still starting). */
  readOnly: boolean | null;
  gtidCurrentPos: string | null;
  /** Null for a server that is not a replica or did not answer. */
  replication: LabReplicaStatus | null;
  error: string | null;
}

/** Status of every server of a lab. */
export interface LabStatus {
  name: string;
  dir: string;
  instances: LabInstanceStatus[];
}
