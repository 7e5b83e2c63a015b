import { hookBaseEnvironment, type Config } from '../../core/config.js';
import { SpawnHookRunner } from '../../core/hooks/spawn-hook-runner.js';
import type { HookRunner } from '../../core/hooks/hook-runner.js';
import type { ReplicationControl } from '../../core/ports/replication-control.js';
import { createMysqlReplicationControl } from '../../core/replication/mysql-replication-control.js';

/** The adapters topology changes run through: mysql2 replication control and the hook process runner. */
export interface RecoveryPorts {
  readonly control: ReplicationControl;
  readonly hookRunner: HookRunner;
}

/** Builds the replication control (topology credentials to administer, replication credentials for CHANGE MASTER) and the hook runner. */
export function createRecoveryPorts(config: Config): RecoveryPorts {
  const control = createMysqlReplicationControl({
    user: config.topology.user,
    password: config.topology.password,
    connectTimeoutMs: config.topology.connectTimeoutMs,
    queryTimeoutMs: config.topology.queryTimeoutMs,
    replicationUser: config.replication?.user ?? '',
    replicationPassword: config.replication?.password ?? '',
    connectRetrySeconds: config.replication?.connectRetrySeconds ?? 1,
    heartbeatPeriodSeconds: config.replication?.heartbeatPeriodSeconds ?? 1,
  });
  return { control, hookRunner: new SpawnHookRunner({ baseEnv: hookBaseEnvironment() }) };
}
