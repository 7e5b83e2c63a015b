import { describe, expect, it } from 'vitest';
import { FLAVOR_CAPABILITIES, type FlavorCapabilities } from '../../../core/model/flavor-capabilities.js';
import { DETECT_FLAVOR_SQL, collectInstanceFacts, detectCapabilities } from '../../../core/probe/collect-instance-facts.js';
import { probeStatements, type ProbeResultName } from '../../../core/probe/probe-statements.js';
import type { ServerRow } from '../../../core/probe/row-values.js';
import { loadFixture } from './server-output-fixtures.js';

/** What each probe statement answers: a fixture name in `dir`, or rows; a statement left out answers no rows. */
type Answers = Partial<Record<ProbeResultName, string | ServerRow[]>>;

/** A fake connection answering each probe statement with recorded server output, checking the fixture's statement. */
function recordedServer(caps: FlavorCapabilities, dir: string, answers: Answers) {
  const bySql = new Map<string, unknown>(
    probeStatements(caps).map(({ name, sql }) => {
      const answer = answers[name];
      if (typeof answer !== 'string') return [sql, answer ?? []];
      const fixture = loadFixture(dir, answer);
      // A fixture recorded for another statement would prove nothing about this one.
      if (name !== 'variables' && fixture.statement !== sql) throw new Error(`${dir}/${answer} was recorded for "${fixture.statement}", not "${sql}"`);
      return [sql, fixture.rows];
    }),
  );
  const calls: string[] = [];
  const run = async (sql: string): Promise<unknown> => {
    calls.push(sql);
    if (bySql.has(sql)) return bySql.get(sql);
    const parts = sql.split(';\n');
    if (parts.length > 1 && parts.every((p) => bySql.has(p))) return parts.map((p) => bySql.get(p));
    throw new Error(`unexpected SQL: ${sql}`);
  };
  return { run, calls };
}

const MARIADB_REPLICA: Answers = {
  variables: 'variables-replica',
  globalStatus: 'global-status-primary',
  replicaStatus: 'replica-status-healthy',
  replicas: 'replica-hosts-replica',
  binlogStatus: 'binlog-status-primary',
  binlogDumpThreads: 'binlog-dump-threads-replica',
};

const MYSQL_84_REPLICA: Answers = {
  variables: 'variables-replica',
  globalStatus: 'global-status-replica',
  replicaStatus: 'replica-status-healthy',
  replicas: 'replica-hosts-primary',
  binlogStatus: 'binlog-status-primary',
  binlogDumpThreads: 'binlog-dump-threads-primary',
  heartbeatStatus: 'heartbeat-status-healthy',
  heartbeatConfiguration: 'heartbeat-configuration-healthy',
};

const MYSQL_80_PRIMARY: Answers = {
  variables: 'variables-primary',
  globalStatus: 'global-status-primary',
  replicaStatus: 'replica-status-healthy',
  replicas: 'replica-hosts-primary',
  binlogStatus: 'binlog-status-primary',
  binlogDumpThreads: 'binlog-dump-threads-primary',
  heartbeatStatus: 'heartbeat-status-healthy',
  heartbeatConfiguration: 'heartbeat-configuration-healthy',
};

describe('detectCapabilities', () => {
  it('asks version and comment once and picks the row', async () => {
    const calls: string[] = [];
    const answer = (version: string, comment: string) => async (sql: string) => {
      calls.push(sql);
      return [{ version, version_comment: comment }];
    };
    expect((await detectCapabilities(answer('10.11.19-MariaDB-0+deb12u1-log', 'Debian 12'))).profile).toBe('mariadb');
    expect((await detectCapabilities(answer('8.4.2', 'MySQL Community Server - GPL'))).profile).toBe('mysql-8.4');
    expect((await detectCapabilities(answer('8.0.36', 'MySQL Community Server - GPL'))).profile).toBe('mysql-8.0');
    expect(calls).toEqual([DETECT_FLAVOR_SQL, DETECT_FLAVOR_SQL, DETECT_FLAVOR_SQL]);
  });
});

describe('probeStatements', () => {
  it('MariaDB reads heartbeats from its replica status: six statements, no performance_schema', () => {
    const caps = FLAVOR_CAPABILITIES.mariadb;
    expect(probeStatements(caps).map((s) => s.name)).toEqual(['variables', 'globalStatus', 'replicaStatus', 'replicas', 'binlogStatus', 'binlogDumpThreads']);
    expect(probeStatements(caps).map((s) => s.sql).join('\n')).not.toContain('performance_schema.replication');
  });

  it.each(['mysql-5.7', 'mysql-legacy', 'mysql-8.0', 'mysql-8.4'] as const)('%s adds the two performance_schema heartbeat tables', (profile) => {
    const statements = probeStatements(FLAVOR_CAPABILITIES[profile]);
    expect(statements.map((s) => s.name).slice(-3)).toEqual(['binlogDumpThreads', 'heartbeatStatus', 'heartbeatConfiguration']);
    expect(statements.at(-2)!.sql).toMatch(/COUNT_RECEIVED_HEARTBEATS.*LAST_HEARTBEAT_TIMESTAMP.*FROM performance_schema\.replication_connection_status$/);
    expect(statements.at(-1)!.sql).toMatch(/CHANNEL_NAME, HEARTBEAT_INTERVAL FROM performance_schema\.replication_connection_configuration$/);
  });
});

describe('collectInstanceFacts', () => {
  const key = { host: '127.0.0.1', port: 24366 };

  it('runs every statement, in order, one by one', async () => {
    const caps = FLAVOR_CAPABILITIES.mariadb;
    const server = recordedServer(caps, 'mariadb-10.11', MARIADB_REPLICA);
    await collectInstanceFacts(key, caps, server.run, false);
    expect(server.calls).toEqual(probeStatements(caps).map((s) => s.sql));
    expect(server.calls).toHaveLength(6);
  });

  it('sends the same statements as one round trip when batched, the MySQL heartbeat tables included', async () => {
    for (const [caps, dir, answers] of [
      [FLAVOR_CAPABILITIES.mariadb, 'mariadb-10.11', MARIADB_REPLICA],
      [FLAVOR_CAPABILITIES['mysql-8.4'], 'mysql-8.4', MYSQL_84_REPLICA],
    ] as const) {
      const server = recordedServer(caps, dir, answers);
      await collectInstanceFacts(key, caps, server.run, true);
      expect(server.calls).toEqual([probeStatements(caps).map((s) => s.sql).join(';\n')]);
    }
  });

  it('assembles a MariaDB replica from captured output', async () => {
    const caps = FLAVOR_CAPABILITIES.mariadb;
    const facts = await collectInstanceFacts(key, caps, recordedServer(caps, 'mariadb-10.11', MARIADB_REPLICA).run, true);
    expect(facts).toMatchObject({ flavor: 'mariadb', serverId: 24366, readOnly: true, replicas: [] });
    expect(facts.key).toEqual(key);
    expect(facts.replication).toHaveLength(1);
    expect(facts.replication[0]).toMatchObject({ source: { host: '127.0.0.1', port: 24365 }, ioState: 'yes', lagSeconds: 0 });
    expect(facts.replication[0]).toMatchObject({ heartbeatsReceived: 2, heartbeatPeriodMs: 1000, lastHeartbeatAt: null });
    expect(facts.replicaHints).toEqual({ dumpHosts: [], unnamedPorts: [] });
    expect(facts.binlogFile).toBe('mariadb-bin.000001');
    expect(Object.isFrozen(facts)).toBe(true);
  });

  it('a MariaDB primary: the dump thread of its replica, whose client port is dropped', async () => {
    const caps = FLAVOR_CAPABILITIES.mariadb;
    const server = recordedServer(caps, 'mariadb-10.11', {
      ...MARIADB_REPLICA,
      variables: 'variables-primary',
      replicaStatus: 'replica-status-non-replica',
      replicas: 'replica-hosts-primary',
      binlogDumpThreads: 'binlog-dump-threads-primary',
    });
    const facts = await collectInstanceFacts({ host: '127.0.0.1', port: 24365 }, caps, server.run, true);
    expect(facts.replicas).toEqual([{ host: '127.0.0.1', port: 24366 }]);
    expect(facts.replicaHints).toEqual({ dumpHosts: ['127.0.0.1'], unnamedPorts: [] });
  });

  it('assembles a MySQL 8.4 replica from the manual output, heartbeats from performance_schema', async () => {
    const caps = FLAVOR_CAPABILITIES['mysql-8.4'];
    const server = recordedServer(caps, 'mysql-8.4', MYSQL_84_REPLICA);
    const facts = await collectInstanceFacts(key, caps, server.run, false);
    expect(server.calls).toContain('SHOW BINARY LOG STATUS');
    expect(server.calls).toContain('SHOW REPLICA STATUS');
    expect(facts).toMatchObject({ flavor: 'mysql', majorVersion: '8.4', uptimeSeconds: 3600, binlogPosition: 1307 });
    expect(facts.replication[0]).toMatchObject({
      gtidUsage: 'auto_position',
      sourceUuid: '73f86016-978b-11ee-ade5-8d2a2a562feb',
      heartbeatsReceived: 86,
      heartbeatPeriodMs: 30_000,
      lastHeartbeatAt: 1_714_658_597_500,
    });
    expect(facts.replicas).toHaveLength(2);
    expect(facts.replicaHints.dumpHosts).toEqual(['192.168.0.12', 'localhost']);
  });

  it('MySQL 8.0: heartbeat counter, period and time merged into the default channel', async () => {
    const caps = FLAVOR_CAPABILITIES['mysql-8.0'];
    const facts = await collectInstanceFacts(key, caps, recordedServer(caps, 'mysql-8.0', MYSQL_80_PRIMARY).run, true);
    expect(facts.replication[0]).toMatchObject({ channel: '', heartbeatsReceived: 1234, heartbeatPeriodMs: 30_000, lastHeartbeatAt: 1_702_291_951_123 });
  });

  it('MySQL with performance_schema off or empty: heartbeat fields are unknown (null), not an error', async () => {
    const caps = FLAVOR_CAPABILITIES['mysql-8.0'];
    const { heartbeatStatus: _s, heartbeatConfiguration: _c, ...withoutHeartbeats } = MYSQL_80_PRIMARY;
    const facts = await collectInstanceFacts(key, caps, recordedServer(caps, 'mysql-8.0', withoutHeartbeats).run, true);
    expect(facts.replication[0]).toMatchObject({ heartbeatsReceived: null, heartbeatPeriodMs: null, lastHeartbeatAt: null, ioState: 'yes' });
  });

  it('MySQL multi-source: each channel gets its own row; none received yet means no last heartbeat time', async () => {
    const caps = FLAVOR_CAPABILITIES['mysql-8.0'];
    const base = loadFixture('mysql-8.0', 'replica-status-healthy').rows[0]!;
    const channels = [
      { ...base, Channel_Name: 'source_1' },
      { ...base, Channel_Name: 'source_2', Source_Port: 13001 },
      { ...base, Channel_Name: 'source_3', Source_Port: 13002 },
    ];
    const server = recordedServer(caps, 'mysql-8.0', {
      ...MYSQL_80_PRIMARY,
      replicaStatus: channels,
      heartbeatStatus: 'heartbeat-status-multi-source',
      heartbeatConfiguration: 'heartbeat-configuration-multi-source',
    });
    const facts = await collectInstanceFacts(key, caps, server.run, true);
    expect(facts.replication.map((r) => [r.channel, r.heartbeatsReceived, r.heartbeatPeriodMs, r.lastHeartbeatAt])).toEqual([
      ['source_1', 0, 30_000, null],
      ['source_2', 0, 2_500, null],
      // No performance_schema row for this channel: unknown, not borrowed from another channel.
      ['source_3', null, null, null],
    ]);
  });

  it('fails on a batch that returned the wrong number of result sets', async () => {
    const caps = FLAVOR_CAPABILITIES.mariadb;
    await expect(collectInstanceFacts(key, caps, async () => [[], []], true)).rejects.toThrow(/expected 6 result sets/);
  });

  it('fails when the variables SELECT returned no row', async () => {
    const caps = FLAVOR_CAPABILITIES.mariadb;
    await expect(collectInstanceFacts(key, caps, async () => [], false)).rejects.toThrow(/no row/);
  });
});
