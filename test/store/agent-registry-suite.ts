import { describe, expect, it } from 'vitest';
import { emptiedSqlHarness } from '../support/emptied-sql-harness.js';
import { useStoreSession } from '../support/store-session.js';
import { MAX_AGENT_INFO_CHARS } from '../../core/agents/agent-info-schema.js';
import { OrcError } from '../../core/errors.js';
import type { AgentInfo } from '../../core/ports/agent-client.js';
import type { RegisteredAgent } from '../../core/ports/agent-registry.js';
import type { OrcStore, StoreConfig } from '../../core/store/open-store.js';
import { fakeAgentInfo } from '../support/fake-agent-client.js';
import type { RecoveryStoreHarness } from './recovery-store-suite.js';

const T0 = 1_700_000_000_000;

/** A harness over one fresh, migrated SQL location whose reset empties the agents table. */
export function agentSqlHarness(freshLocation: () => StoreConfig): () => Promise<RecoveryStoreHarness> {
  return emptiedSqlHarness(freshLocation, ['orc_agents']);
}

function agent(host: string, port: number, fields: Partial<RegisteredAgent> = {}, info: Partial<AgentInfo> = {}): RegisteredAgent {
  return { instance: { host, port }, url: `http://${host.toLowerCase()}:7070`, lastSeenAt: T0, info: fakeAgentInfo(host.toLowerCase(), port, info), ...fields };
}

async function failure(work: Promise<unknown>): Promise<OrcError | Error> {
  return work.then(
    () => new Error('expected a failure'),
    (err: unknown) => err as Error,
  );
}

/** Registers the AgentRegistry contract tests; the same suite runs on SQLite, MariaDB and the in-memory fake. */
export function agentRegistrySuite(name: string, harness: () => Promise<RecoveryStoreHarness>): void {
  describe(`AgentRegistry on ${name}`, () => {
    let store: OrcStore;
    useStoreSession(harness, (s) => {
      store = s.store;
    });

    it('round-trips a registration with the host lower-cased, found by any spelling', async () => {
      const a = agent('DB-A.Example', 3306, { url: 'https://db-a.example:7443' }, { activeSeed: 'seed-1', serverVersion: null, serverRunning: false });
      await store.registerAgent(a);
      const expected = { ...a, instance: { host: 'db-a.example', port: 3306 } };
      expect(await store.getAgent({ host: 'db-a.example', port: 3306 })).toEqual(expected);
      expect(await store.getAgent({ host: 'DB-A.EXAMPLE', port: 3306 })).toEqual(expected);
      expect(await store.getAgent({ host: 'db-a.example', port: 3307 })).toBeUndefined();
    });

    it('keeps one registration per server: a new one replaces the old; lists by host then port', async () => {
      await store.registerAgent(agent('db-b.example', 3306));
      await store.registerAgent(agent('db-a.example', 3307));
      await store.registerAgent(agent('db-a.example', 3306));
      const again = agent('db-b.example', 3306, { url: 'http://10.0.0.2:7070', lastSeenAt: T0 + 5000 }, { activeSeed: 's9', diskFreeBytes: 2 ** 45 });
      await store.registerAgent(again);
      const listed = await store.listAgents();
      expect(listed.map((a) => `${a.instance.host}:${a.instance.port}`)).toEqual(['db-a.example:3306', 'db-a.example:3307', 'db-b.example:3306']);
      expect(listed[2]).toEqual(again);
    });

    it('forgets a registration; false when there was none', async () => {
      await store.registerAgent(agent('db-a.example', 3306));
      expect(await store.forgetAgent({ host: 'DB-A.example', port: 3306 })).toBe(true);
      expect(await store.forgetAgent({ host: 'db-a.example', port: 3306 })).toBe(false);
      expect(await store.listAgents()).toEqual([]);
    });

    it('keeps a large but bounded info whole', async () => {
      const databases = Array.from({ length: 2000 }, (_, i) => ({ name: `schema_${i}`, engines: ['innodb', 'aria'], bytes: 2 ** 40 + i }));
      const big = agent('db-a.example', 3306, {}, { databases });
      expect(JSON.stringify(big.info).length).toBeGreaterThan(65_536);
      await store.registerAgent(big);
      expect(await store.getAgent(big.instance)).toEqual(big);
    });

    it('refuses absurd registrations with orc_bad_input, writing nothing', async () => {
      const hugeDatabases = Array.from({ length: 9000 }, (_, i) => ({ name: `a_rather_long_schema_name_${i}`, engines: ['innodb'], bytes: 1 }));
      const absurd: [string, RegisteredAgent][] = [
        ['ftp scheme', agent('db-a.example', 3306, { url: 'ftp://db-a.example:21' })],
        ['javascript scheme', agent('db-a.example', 3306, { url: 'javascript:alert(1)' })],
        ['a path', agent('db-a.example', 3306, { url: 'http://db-a.example:7070/api' })],
        ['credentials', agent('db-a.example', 3306, { url: 'http://u:p@db-a.example:7070' })],
        ['a non-canonical url', agent('db-a.example', 3306, { url: 'http://db-a.example:7070/' })],
        ['a huge url', agent('db-a.example', 3306, { url: `http://${'a'.repeat(600)}.example` })],
        ['huge info JSON', agent('db-a.example', 3306, {}, { databases: hugeDatabases })],
        ['an unknown info key', agent('db-a.example', 3306, {}, { shell: 'rm -rf /' } as Partial<AgentInfo>)],
        ['negative bytes', agent('db-a.example', 3306, {}, { diskFreeBytes: -1 })],
        ['an unknown method', agent('db-a.example', 3306, {}, { methods: ['teleport'] as unknown as AgentInfo['methods'] })],
        ['port 0', agent('db-a.example', 0)],
        ['an empty host', agent('', 3306)],
        ['a fractional time', agent('db-a.example', 3306, { lastSeenAt: T0 + 0.5 })],
      ];
      expect(JSON.stringify(absurd[6]![1].info).length).toBeGreaterThan(MAX_AGENT_INFO_CHARS);
      for (const [what, a] of absurd) {
        const err = await failure(store.registerAgent(a));
        expect((err as OrcError).code, what).toBe('orc_bad_input');
      }
      expect(await store.listAgents()).toEqual([]);
    });
  });
}
