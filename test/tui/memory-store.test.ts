import { describe, expect, it } from 'vitest';
import { InputError, StoreError } from '../../core/errors.js';
import type { AuditEntry } from '../../core/model/instance.js';
import { parseInstanceKey } from '../../core/model/instance-key.js';
import { MemoryStore } from '../support/memory-store.js';
import { channel, facts, T0 } from './fixtures/topology.js';

const key = (text: string) => parseInstanceKey(text);

function audit(id: string, at: number, cluster: string | null = 'c1'): AuditEntry {
  return { id, at, actor: 'cli:test', action: 'forget', target: '127.0.0.1:3307', cluster, detail: '', outcome: 'ok' };
}

describe('MemoryStore (the Store fake)', () => {
  it('records observations, keeping first_seen_at and lower-casing hosts', async () => {
    const store = new MemoryStore();
    await store.recordObservation({ clusterName: 'c1', facts: facts('DB1.example:3306', T0) });
    await store.recordObservation({ clusterName: 'c2', facts: facts('db1.example:3306', T0 + 1_000, channel('db0.example:3306')) });
    const record = await store.getInstance(key('Db1.Example:3306'));
    expect(record).toMatchObject({
      key: { host: 'db1.example', port: 3306 },
      clusterName: 'c2',
      reachable: true,
      lastCheckedAt: T0 + 1_000,
      lastSeenAt: T0 + 1_000,
      lastError: null,
      firstSeenAt: T0,
    });
    expect(record?.facts?.replication[0]?.source).toEqual(key('db0.example:3306'));
  });

  it('records failures: keeps the last facts of a known instance, inserts an unknown one as never reached', async () => {
    const store = new MemoryStore();
    await store.recordObservation({ clusterName: 'c1', facts: facts('127.0.0.1:3307', T0) });
    await store.recordProbeFailure({ key: key('127.0.0.1:3307'), at: T0 + 5_000, error: 'orc_unreachable: refused' }, 'other');
    expect(await store.getInstance(key('127.0.0.1:3307'))).toMatchObject({
      clusterName: 'c1',
      reachable: false,
      lastCheckedAt: T0 + 5_000,
      lastSeenAt: T0,
      lastError: 'orc_unreachable: refused',
    });
    expect((await store.getInstance(key('127.0.0.1:3307')))?.facts?.key).toEqual(key('127.0.0.1:3307'));
    await store.recordProbeFailure({ key: key('127.0.0.1:4000'), at: T0, error: 'x'.repeat(5_000) }, 'c9');
    const unknown = await store.getInstance(key('127.0.0.1:4000'));
    expect(unknown).toMatchObject({ clusterName: 'c9', facts: null, reachable: false, lastSeenAt: null, firstSeenAt: T0 });
    expect(unknown?.lastError).toHaveLength(4_000);
  });

  it('lists instances by host then port, filtered by cluster, as copies', async () => {
    const store = new MemoryStore();
    for (const k of ['127.0.0.2:3306', '127.0.0.1:3308', '127.0.0.1:3306']) {
      await store.recordObservation({ clusterName: k === '127.0.0.2:3306' ? 'c2' : 'c1', facts: facts(k, T0) });
    }
    expect((await store.listInstances()).map((r) => `${r.key.host}:${r.key.port}`)).toEqual(['127.0.0.1:3306', '127.0.0.1:3308', '127.0.0.2:3306']);
    expect((await store.listInstances({ clusterName: 'c2' })).map((r) => r.key.port)).toEqual([3306]);
    const [first] = await store.listInstances();
    (first as { clusterName: string }).clusterName = 'mutated';
    expect((await store.listInstances())[0]?.clusterName).toBe('c1');
  });

  it('assigns clusters, skipping unknown keys, and forgets instances', async () => {
    const store = new MemoryStore();
    await store.recordObservation({ clusterName: 'c1', facts: facts('127.0.0.1:3306', T0) });
    await store.recordObservation({ clusterName: 'c1', facts: facts('127.0.0.1:3307', T0) });
    await store.assignClusters([
      { key: key('127.0.0.1:3307'), clusterName: 'c2' },
      { key: key('127.0.0.1:9999'), clusterName: 'c2' },
    ]);
    expect((await store.listInstances({ clusterName: 'c2' })).map((r) => r.key.port)).toEqual([3307]);
    expect(await store.getInstance(key('127.0.0.1:9999'))).toBeUndefined();
    expect(await store.forgetInstance(key('127.0.0.1:3307'))).toBe(true);
    expect(await store.forgetInstance(key('127.0.0.1:3307'))).toBe(false);
    expect((await store.listInstances()).map((r) => r.key.port)).toEqual([3306]);
  });

  it('upserts, lists by name and prunes clusters', async () => {
    const store = new MemoryStore();
    await store.upsertCluster({ name: 'b:1', alias: null, primary: key('B:1'), updatedAt: T0 });
    await store.upsertCluster({ name: 'a:1', alias: 'x', primary: key('a:1'), updatedAt: T0 });
    await store.upsertCluster({ name: 'b:1', alias: 'main', primary: key('b:1'), updatedAt: T0 + 1 });
    expect(await store.listClusters()).toEqual([
      { name: 'a:1', alias: 'x', primary: { host: 'a', port: 1 }, updatedAt: T0 },
      { name: 'b:1', alias: 'main', primary: { host: 'b', port: 1 }, updatedAt: T0 + 1 },
    ]);
    await store.pruneClusters(['b:1']);
    expect((await store.listClusters()).map((c) => c.name)).toEqual(['b:1']);
  });

  it('lists audit newest first with insertion order breaking ties, by cluster, limited (100 by default)', async () => {
    const store = new MemoryStore();
    await store.appendAudit(audit('a', T0));
    await store.appendAudit(audit('b', T0 + 10));
    await store.appendAudit(audit('c', T0));
    await store.appendAudit(audit('d', T0 + 5, 'c2'));
    expect((await store.listAudit()).map((e) => e.id)).toEqual(['b', 'd', 'c', 'a']);
    expect((await store.listAudit({ cluster: 'c1', limit: 2 })).map((e) => e.id)).toEqual(['b', 'c']);
    await expect(store.appendAudit(audit('a', T0))).rejects.toBeInstanceOf(StoreError);
    await expect(store.listAudit({ limit: 0 })).rejects.toBeInstanceOf(InputError);
    for (let i = 0; i < 120; i++) await store.appendAudit(audit(`bulk-${i}`, T0 + 100 + i));
    expect(await store.listAudit()).toHaveLength(100);
  });

  it('rejects fractional times like the SQL stores and fails every call after close', async () => {
    const store = new MemoryStore();
    await expect(store.recordProbeFailure({ key: key('h:1'), at: 1.5, error: 'e' }, 'c')).rejects.toBeInstanceOf(InputError);
    await store.close();
    await expect(store.listClusters()).rejects.toThrow(/store is closed/);
    await expect(store.recordObservation({ clusterName: 'c', facts: facts('h:1', T0) })).rejects.toBeInstanceOf(StoreError);
  });
});
