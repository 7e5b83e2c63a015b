import type { LabHeartbeat, LabHeartbeatMode } from './lab-heartbeat.js';

/** Role of a lab server in its topology; a spare has the lab's accounts but no data and replicates from nobody (a seed target). */
export type LabRole = 'primary' | 'intermediate' | 'replica' | 'spare';

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
  /** Standalone servers after the topology's (default 0). */
  spares?: number;
  /** Starts one seed agent per server (`orc agent`), on basePort + 20 + the server's index (default false). */
  agents?: boolean;
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

/** The seed agent of one lab server (`orc agent`), as the lab started it. */
export interface LabAgent {
  /** The port of the server it serves. */
  serverPort: number;
  /** The port its HTTP API listens on (127.0.0.1). */
  port: number;
  url: string;
  /** The pid the lab recorded (0 when none); it is signalled only while its cmdline is this agent's. */
  pid: number;
  /** Its config file (0600: it holds the token and the admin password). */
  config: string;
  log: string;
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
  /** The seed agents (empty unless the lab was built with agents). */
  agents: LabAgent[];
  /** The token orc and the agents share (null without agents). */
  agentToken: string | null;
  /** Where the agents register: an orc API the lab's orc config listens on (null without agents). */
  orcApi: { host: '127.0.0.1'; port: number } | null;
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

/** How one seed agent of a lab is doing right now (its process only). */
export interface LabAgentStatus {
  serverPort: number;
  port: number;
  pid: number;
  /** The recorded process is this lab's agent and runs. */
  alive: boolean;
}

/** Status of every server (and seed agent) of a lab. */
export interface LabStatus {
  name: string;
  dir: string;
  instances: LabInstanceStatus[];
  agents: LabAgentStatus[];
}
