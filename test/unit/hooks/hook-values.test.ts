import { describe, expect, it } from 'vitest';
import {
  buildHookValues,
  envNameOf,
  expandArgv,
  KNOWN_PLACEHOLDERS,
  placeholdersIn,
  unknownPlaceholders,
  type HookContext,
} from '../../../core/hooks/hook-values.js';

const context: HookContext = {
  failureType: 'DeadMaster',
  instanceType: 'master',
  isPrimary: true,
  isCoPrimary: false,
  failureDescription: 'Master cannot be reached by orc and none of its replicas is replicating',
  failedHost: 'db1.example',
  failedPort: 3306,
  failureCluster: 'db1.example:3306',
  failureClusterAlias: 'main',
  countReplicas: 3,
  isDowntimed: false,
  autoPrimaryRecovery: true,
  autoIntermediatePrimaryRecovery: false,
  orcHost: 'orc-a',
  recoveryUID: 'r-123',
  isSuccessful: true,
  lostReplicas: [{ host: 'db4.example', port: 3306 }],
  replicaHosts: [
    { host: 'db2.example', port: 3306 },
    { host: 'db3.example', port: 3307 },
    { host: 'fe80::1', port: 3306 },
  ],
  successorHost: 'db2.example',
  successorPort: 3306,
  successorBinlogCoordinates: 'mysql-bin.000007:1234',
};

const ORCHESTRATOR_PLACEHOLDERS = [
  'failureType', 'instanceType', 'isMaster', 'isCoMaster', 'failureDescription', 'command', 'failedHost',
  'failedPort', 'failureCluster', 'failureClusterAlias', 'failureClusterDomain', 'countReplicas', 'isDowntimed',
  'autoMasterRecovery', 'autoIntermediateMasterRecovery', 'orchestratorHost', 'recoveryUID', 'isSuccessful',
  'lostReplicas', 'countLostReplicas', 'replicaHosts', 'successorHost', 'successorPort',
  'successorBinlogCoordinates', 'successorAlias', 'countSlaves', 'lostSlaves', 'slaveHosts',
];

const ORCHESTRATOR_ENV = [
  'ORC_FAILURE_TYPE', 'ORC_INSTANCE_TYPE', 'ORC_IS_MASTER', 'ORC_IS_CO_MASTER', 'ORC_FAILURE_DESCRIPTION',
  'ORC_COMMAND', 'ORC_FAILED_HOST', 'ORC_FAILED_PORT', 'ORC_FAILURE_CLUSTER', 'ORC_FAILURE_CLUSTER_ALIAS',
  'ORC_FAILURE_CLUSTER_DOMAIN', 'ORC_COUNT_REPLICAS', 'ORC_IS_DOWNTIMED', 'ORC_AUTO_MASTER_RECOVERY',
  'ORC_AUTO_INTERMEDIATE_MASTER_RECOVERY', 'ORC_ORCHESTRATOR_HOST', 'ORC_IS_SUCCESSFUL', 'ORC_LOST_REPLICAS',
  'ORC_REPLICA_HOSTS', 'ORC_RECOVERY_UID', 'ORC_SUCCESSOR_HOST', 'ORC_SUCCESSOR_PORT',
  'ORC_SUCCESSOR_BINLOG_COORDINATES', 'ORC_SUCCESSOR_ALIAS',
];

describe('hook values', () => {
  it("knows every orchestrator placeholder, its legacy names and orc's aliases", () => {
    for (const name of [...ORCHESTRATOR_PLACEHOLDERS, 'isPrimary', 'isCoPrimary', 'autoPrimaryRecovery', 'autoIntermediatePrimaryRecovery', 'orcHost']) {
      expect(KNOWN_PLACEHOLDERS.has(name), name).toBe(true);
    }
  });

  it('formats values as orchestrator does: booleans true/false, lists host:port comma-separated', () => {
    const { placeholders } = buildHookValues(context);
    expect(Object.fromEntries(placeholders)).toMatchObject({
      failureType: 'DeadMaster',
      isMaster: 'true',
      isPrimary: 'true',
      isCoMaster: 'false',
      failedPort: '3306',
      countReplicas: '3',
      countSlaves: '3',
      autoMasterRecovery: 'true',
      autoIntermediateMasterRecovery: 'false',
      orchestratorHost: 'orc-a',
      orcHost: 'orc-a',
      lostReplicas: 'db4.example:3306',
      countLostReplicas: '1',
      replicaHosts: 'db2.example:3306,db3.example:3307,[fe80::1]:3306',
      slaveHosts: 'db2.example:3306,db3.example:3307,[fe80::1]:3306',
      successorHost: 'db2.example',
      successorPort: '3306',
      successorBinlogCoordinates: 'mysql-bin.000007:1234',
      successorAlias: '',
      command: '',
      failureClusterDomain: '',
    });
    expect(placeholders.size).toBe(KNOWN_PLACEHOLDERS.size);
  });

  it('sets every orchestrator environment variable (and orc aliases) to the same values', () => {
    const { env, placeholders } = buildHookValues(context);
    for (const name of ORCHESTRATOR_ENV) expect(env[name], name).toBeTypeOf('string');
    expect(env.ORC_FAILED_HOST).toBe('db1.example');
    expect(env.ORC_IS_MASTER).toBe(placeholders.get('isMaster'));
    expect(env.ORC_IS_PRIMARY).toBe('true');
    expect(env.ORC_REPLICA_HOSTS).toBe('db2.example:3306,db3.example:3307,[fe80::1]:3306');
    expect(env.ORC_COUNT_LOST_REPLICAS).toBe('1');
    expect(env.ORC_HOST).toBe('orc-a');
    expect(Object.keys(env).every((k) => /^ORC_[A-Z_]+$/.test(k))).toBe(true);
    expect(Object.isFrozen(env)).toBe(true);
  });

  it('leaves successor values empty (not absent) before a successor exists', () => {
    const { env, placeholders } = buildHookValues({
      ...context,
      isSuccessful: false,
      successorHost: undefined,
      successorPort: undefined,
      successorBinlogCoordinates: undefined,
    });
    expect(env.ORC_SUCCESSOR_HOST).toBe('');
    expect(env.ORC_SUCCESSOR_PORT).toBe('');
    expect(env.ORC_IS_SUCCESSFUL).toBe('false');
    expect(placeholders.get('successorHost')).toBe('');
  });

  it('names the environment variable that carries a placeholder', () => {
    expect(envNameOf('failedHost')).toBe('ORC_FAILED_HOST');
    expect(envNameOf('isPrimary')).toBe('ORC_IS_MASTER');
    expect(envNameOf('nope')).toBeUndefined();
  });

  it('finds placeholders, ignoring {{escapes}} and braces that are not a bare name', () => {
    expect(placeholdersIn('--host={failedHost}:{failedPort} {{literal}} {"a":1} {a b} ${x}')).toEqual(['failedHost', 'failedPort', 'x']);
    expect(unknownPlaceholders('{failedHost} {failedHots} {constructor}')).toEqual(['failedHots', 'constructor']);
  });

  it('expands placeholders inside each argv element without splitting, joining or interpreting values', () => {
    const hostile = '$(touch /tmp/pwned) `id` ;a b $& $1 {failedPort}';
    const values = buildHookValues({ ...context, failedHost: hostile });
    expect(expandArgv(['notify', '--host={failedHost}', '{failedHost}', '{failedPort}', '{{failedHost}}', '{unknown}', 'x'], values)).toEqual([
      'notify',
      `--host=${hostile}`,
      hostile,
      '3306',
      '{failedHost}',
      '{unknown}',
      'x',
    ]);
  });
});
