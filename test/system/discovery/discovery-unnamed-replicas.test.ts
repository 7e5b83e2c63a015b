import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labDown, labUp, type LabInfo } from '../../../ci-env/lab.js';
import { parseConfig } from '../../../core/config.js';
import { DiscoveryLoop } from '../../../core/discovery/discovery-loop.js';
import { formatInstanceKey, type InstanceKey } from '../../../core/model/instance-key.js';
import type { InstanceFacts } from '../../../core/model/instance.js';
import type { Clock } from '../../../core/ports/clock.js';
import { silentLogger } from '../../../core/ports/logger.js';
import type { Probe } from '../../../core/ports/probe.js';
import { createMysqlProbe } from '../../../core/probe/mysql-probe.js';
import { MemoryStore } from '../../support/memory-store.js';
import { LAB_PORTS } from '../../support/ports.js';
import { orc } from '../../support/run-orc.js';
import { until } from '../../support/service-harness.js';

const NAME = 't-discovery-unnamed';
const BASE = LAB_PORTS.discoveryUnnamed;
const [PRIMARY, INTERMEDIATE, REPLICA, CHAINED] = [BASE, BASE + 1, BASE + 2, BASE + 3];
const key = (port: number): InstanceKey => ({ host: '127.0.0.1', port });
const clock: Clock = { now: () => Date.now(), monotonic: () => performance.now() };

/**
 * How SHOW SLAVE HOSTS would look elsewhere. MariaDB 10.5.1+ names a replica by its connection address even
 * without report_host (measured on this lab), so the lab alone never gives orc a nameless replica; this shows the
 * real probe's facts as MySQL shows them when report_host is unset ('unregistered': no row at all) or as MariaDB
 * before 10.5.1 did ('no-host': a row with the port and an empty Host). Everything else is the server's answer.
 */
function hideReplicaNames(probe: Probe, mode: 'unregistered' | 'no-host'): Probe {
  return {
    probe: async (k, signal) => {
      const facts = await probe.probe(k, signal);
      const unnamedPorts = mode === 'no-host' ? facts.replicas.map((r) => r.port) : [];
      return Object.freeze({ ...facts, replicas: [], replicaHints: { ...facts.replicaHints, unnamedPorts } }) satisfies InstanceFacts;
    },
    close: () => probe.close(),
  };
}

async function viaSocket(lab: LabInfo, port: number, sql: string, values: unknown[] = []): Promise<void> {
  const conn = await mysql.createConnection({ socketPath: lab.instances.find((i) => i.port === port)!.socket, user: 'root' });
  try {
    await conn.query({ sql, values, timeout: 10_000 });
  } finally {
    conn.destroy();
  }
}

describe('discovery on a lab without report_host', () => {
  let lab: LabInfo;
  const expected = (): Record<string, string | null> =>
    Object.fromEntries(lab.instances.map((i) => [`127.0.0.1:${i.port}`, i.source === null ? null : `127.0.0.1:${i.source}`]));
  const parentsIn = async (store: MemoryStore): Promise<Record<string, string | null>> =>
    Object.fromEntries(
      (await store.listInstances()).map((i) => [formatInstanceKey(i.key), i.facts?.replication[0] ? formatInstanceKey(i.facts.replication[0].source) : null]),
    );
  const config = (replicaPorts: number[] = [], pollIntervalMs = 1000) =>
    parseConfig({
      topology: { user: lab.topologyUser, password: lab.topologyPassword, connectTimeoutMs: 500, queryTimeoutMs: 500, probeDeadlineMs: 1000 },
      discovery: { seeds: [`127.0.0.1:${PRIMARY}`], pollIntervalMs, replicaPorts },
    });
  const loopWith = (mode: 'unregistered' | 'no-host', cfg: ReturnType<typeof config>) => {
    const probe = hideReplicaNames(createMysqlProbe(cfg.topology, clock), mode);
    const store = new MemoryStore();
    return { probe, store, loop: new DiscoveryLoop({ probe, store, clock, logger: silentLogger, config: cfg }) };
  };

  beforeAll(async () => {
    await labDown(NAME);
    lab = await labUp({ name: NAME, basePort: BASE, reportHost: false });
  });

  afterAll(async () => {
    await labDown(NAME);
  });

  it('orc discover from the leaf finds the 4-server tree with correct parents', async () => {
    const r = await orc('discover', `127.0.0.1:${CHAINED}`, '--config', lab.config);
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toContain('discovered 4 reachable, 0 unreachable');
    const tree = JSON.parse((await orc('topology', NAME, '--config', lab.config, '--json')).out) as { instances: { instance: string; primary: string | null }[] };
    expect(Object.fromEntries(tree.instances.map((i) => [i.instance, i.primary]))).toEqual(expected());
  });

  it.each([
    ['no-host', PRIMARY], ['no-host', INTERMEDIATE], ['no-host', REPLICA], ['no-host', CHAINED],
    ['unregistered', PRIMARY], ['unregistered', INTERMEDIATE], ['unregistered', REPLICA], ['unregistered', CHAINED],
  ] as const)('replicas SHOW SLAVE HOSTS cannot name (%s): a crawl from %i still finds all four by their dump threads', async (mode, seed) => {
    // Unregistered replicas leave orc only their dump thread's host: the ports to try there come from the config.
    const cfg = config(mode === 'unregistered' ? [INTERMEDIATE, REPLICA, CHAINED] : []);
    const { probe, store, loop } = loopWith(mode, cfg);
    try {
      await loop.load();
      const result = await loop.crawl(key(seed));
      expect(result.failed).toEqual([]);
      expect(result.reached.map(formatInstanceKey).sort()).toEqual(Object.keys(expected()).sort());
      expect(await parentsIn(store)).toEqual(expected());
      expect(new Set((await store.listInstances()).map((i) => i.clusterName))).toEqual(new Set([`127.0.0.1:${PRIMARY}`]));
    } finally {
      await loop.stop();
      await probe.close();
    }
  });

  it('the continuous loop finds a replica that starts replicating from the primary later', async () => {
    await viaSocket(lab, REPLICA, 'STOP SLAVE');
    await viaSocket(lab, REPLICA, 'RESET SLAVE ALL');
    const { probe, store, loop } = loopWith('no-host', config([], 200));
    const known = async (): Promise<string[]> => (await store.listInstances()).filter((i) => i.reachable).map((i) => formatInstanceKey(i.key));
    try {
      await loop.start();
      const others = [PRIMARY, INTERMEDIATE, CHAINED].map((p) => `127.0.0.1:${p}`);
      await until('the three attached servers', async () => JSON.stringify(await known()) === JSON.stringify(others), 10_000);

      await viaSocket(
        lab,
        REPLICA,
        "CHANGE MASTER TO MASTER_HOST = '127.0.0.1', MASTER_PORT = ?, MASTER_USER = ?, MASTER_PASSWORD = ?, MASTER_USE_GTID = slave_pos, MASTER_CONNECT_RETRY = 1",
        [PRIMARY, lab.replicationUser, lab.replicationPassword],
      );
      await viaSocket(lab, REPLICA, 'START SLAVE');
      const found = await until('the re-attached replica', async () => {
        const record = await store.getInstance(key(REPLICA));
        return record?.reachable ? record : null;
      }, 10_000);
      expect(found).toMatchObject({ clusterName: `127.0.0.1:${PRIMARY}` });
      expect(await parentsIn(store)).toEqual(expected());
    } finally {
      await loop.stop();
      await probe.close();
    }
  });
});
