import { describe, expect, it } from 'vitest';
import { FLAVOR_CAPABILITIES, type FlavorCapabilities } from '../../../core/model/flavor-capabilities.js';
import {
  DETECT_FLAVOR_SQL,
  collectInstanceFacts,
  detectCapabilities,
  probeStatements,
} from '../../../core/probe/collect-instance-facts.js';
import { loadFixture } from './server-output-fixtures.js';

/** A fake connection answering each probe statement with recorded server output. */
function recordedServer(caps: FlavorCapabilities, dir: string, names: { variables: string; status: string; replica: string; hosts: string; binlog: string }) {
  const answers = new Map<string, unknown>(
    probeStatements(caps).map((sql, i) => [sql, loadFixture(dir, Object.values(names)[i]!).rows]),
  );
  const calls: string[] = [];
  const run = async (sql: string): Promise<unknown> => {
    calls.push(sql);
    if (answers.has(sql)) return answers.get(sql);
    const parts = sql.split(';\n');
    if (parts.length > 1 && parts.every((p) => answers.has(p))) return parts.map((p) => answers.get(p));
    throw new Error(`unexpected SQL: ${sql}`);
  };
  return { run, calls };
}

const MARIADB_REPLICA = {
  variables: 'variables-replica',
  status: 'global-status-primary',
  replica: 'replica-status-healthy',
  hosts: 'replica-hosts-replica',
  binlog: 'binlog-status-primary',
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

describe('collectInstanceFacts', () => {
  const key = { host: '127.0.0.1', port: 24366 };

  it('runs exactly five statements, in order, one by one', async () => {
    const caps = FLAVOR_CAPABILITIES.mariadb;
    const server = recordedServer(caps, 'mariadb-10.11', MARIADB_REPLICA);
    await collectInstanceFacts(key, caps, server.run, false);
    expect(server.calls).toEqual(probeStatements(caps));
    expect(server.calls).toHaveLength(5);
  });

  it('sends the same five statements as one round trip when batched', async () => {
    const caps = FLAVOR_CAPABILITIES.mariadb;
    const server = recordedServer(caps, 'mariadb-10.11', MARIADB_REPLICA);
    const facts = await collectInstanceFacts(key, caps, server.run, true);
    expect(server.calls).toEqual([probeStatements(caps).join(';\n')]);
    expect(facts).toMatchObject({ flavor: 'mariadb', serverId: 24366, readOnly: true, replicas: [] });
  });

  it('assembles a MariaDB replica from captured output', async () => {
    const caps = FLAVOR_CAPABILITIES.mariadb;
    const facts = await collectInstanceFacts(key, caps, recordedServer(caps, 'mariadb-10.11', MARIADB_REPLICA).run, true);
    expect(facts.key).toEqual(key);
    expect(facts.replication).toHaveLength(1);
    expect(facts.replication[0]).toMatchObject({ source: { host: '127.0.0.1', port: 24365 }, ioState: 'yes', lagSeconds: 0 });
    expect(facts.binlogFile).toBe('mariadb-bin.000001');
    expect(Object.isFrozen(facts)).toBe(true);
  });

  it('assembles a MySQL 8.4 replica from the manual output', async () => {
    const caps = FLAVOR_CAPABILITIES['mysql-8.4'];
    const server = recordedServer(caps, 'mysql-8.4', {
      variables: 'variables-replica',
      status: 'global-status-replica',
      replica: 'replica-status-healthy',
      hosts: 'replica-hosts-primary',
      binlog: 'binlog-status-primary',
    });
    const facts = await collectInstanceFacts(key, caps, server.run, false);
    expect(server.calls).toContain('SHOW BINARY LOG STATUS');
    expect(server.calls).toContain('SHOW REPLICA STATUS');
    expect(facts).toMatchObject({ flavor: 'mysql', majorVersion: '8.4', uptimeSeconds: 3600, binlogPosition: 1307 });
    expect(facts.replication[0]).toMatchObject({ gtidUsage: 'auto_position', sourceUuid: '73f86016-978b-11ee-ade5-8d2a2a562feb' });
    expect(facts.replicas).toHaveLength(2);
  });

  it('fails on a batch that returned the wrong number of result sets', async () => {
    const caps = FLAVOR_CAPABILITIES.mariadb;
    await expect(collectInstanceFacts(key, caps, async () => [[], []], true)).rejects.toThrow(/expected 5 result sets/);
  });

  it('fails when the variables SELECT returned no row', async () => {
    const caps = FLAVOR_CAPABILITIES.mariadb;
    await expect(collectInstanceFacts(key, caps, async () => [], false)).rejects.toThrow(/no row/);
  });
});
