/** How a lab's replicas notice a silent source: the lab's fast settings, or the server's defaults. */
export type LabHeartbeatMode = 'fast' | 'server-default';

/** The heartbeat settings a lab's replicas run with, as `up --json` shows them. */
export interface LabHeartbeat {
  mode: LabHeartbeatMode;
  /** Seconds between heartbeats a source sends an idle replica (MASTER_HEARTBEAT_PERIOD). */
  periodSeconds: number;
  /** Seconds without data before a replica's IO thread gives up on its source. */
  slaveNetTimeoutSeconds: number;
}

/** Seconds without data before a replica's IO thread gives up on its source, in the lab's fast settings. */
export const SLAVE_NET_TIMEOUT_S = 4;

/** Seconds between heartbeats a lab primary sends its idle replicas, in the lab's fast settings. */
export const LAB_HEARTBEAT_PERIOD_S = 0.5;

/** MariaDB's default slave_net_timeout; a replica configured without MASTER_HEARTBEAT_PERIOD gets half of it. */
export const SERVER_DEFAULT_SLAVE_NET_TIMEOUT_S = 60;

/** The heartbeat modes `ci-env/lab up --heartbeat` accepts. */
export const LAB_HEARTBEAT_MODES: readonly LabHeartbeatMode[] = ['fast', 'server-default'];

/** The settings of a heartbeat mode. */
export function labHeartbeat(mode: LabHeartbeatMode): LabHeartbeat {
  return mode === 'fast'
    ? { mode, periodSeconds: LAB_HEARTBEAT_PERIOD_S, slaveNetTimeoutSeconds: SLAVE_NET_TIMEOUT_S }
    : { mode, periodSeconds: SERVER_DEFAULT_SLAVE_NET_TIMEOUT_S / 2, slaveNetTimeoutSeconds: SERVER_DEFAULT_SLAVE_NET_TIMEOUT_S };
}
