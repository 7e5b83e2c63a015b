import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../core/config.js';
import { parseInstanceKey } from '../../../core/model/instance-key.js';
import { latestRecoveryOf, readGateState, runningRecoveryOf } from '../../../core/recovery/gate-state.js';
import { MemoryStore } from '../../support/memory-store.js';
import { makeRecovery } from '../../support/recovery-builder.js';

const NOW = 1_800_000_000_000;
const primary = parseInstanceKey('127.0.0.1:3306');
const view = { clusterName: '127.0.0.1:3306', alias: 'main', instances: [] };
const config = parseConfig({ topology: { user: 'orc' }, replication: { user: 'repl' }, discovery: { seeds: ['127.0.0.1:3306'] } });

describe('latestRecoveryOf / runningRecoveryOf', () => {
  const ended = (id: string, status: 'succeeded' | 'failed' | 'abandoned' | 'partial', startedAt: number) =>
    makeRecovery({ id, status, startedAt, endedAt: startedAt + 1 });

  it('skips abandoned recoveries (nothing was promoted) and running ones for the anti-flap block', () => {
    const newestFirst = [makeRecovery({ id: 'live', startedAt: NOW }), ended('gone', 'abandoned', NOW - 10), ended('real', 'failed', NOW - 20)];
    expect(latestRecoveryOf(newestFirst, view)?.id).toBe('real');
    expect(runningRecoveryOf(newestFirst, view)?.id).toBe('live');
    expect(latestRecoveryOf([ended('gone', 'abandoned', NOW)], view)).toBeNull();
  });

  it('counts a partial recovery for the block like a failed or succeeded one', () => {
    expect(latestRecoveryOf([ended('half', 'partial', NOW)], view)?.id).toBe('half');
  });
});

describe('readGateState', () => {
  it('reads the fence of the failed instance (pending counts), the running recovery and the replication section', async () => {
    const store = new MemoryStore();
    await store.recordFence({ instance: primary, cluster: view.clusterName, recoveryId: 'r1', fencedAt: NOW, state: 'pending', updatedAt: NOW, detail: '' });
    await store.registerRecovery(makeRecovery({ id: 'r2', startedAt: NOW, runner: 'orc-b:1:abc', renewedAt: NOW }));
    const state = await readGateState(store, config, view, primary, NOW);
    expect(state).toMatchObject({ fence: { state: 'pending', recoveryId: 'r1' }, running: { id: 'r2', runner: 'orc-b:1:abc' }, replicationConfigured: true });
    const withoutReplication = parseConfig({ topology: { user: 'orc' }, discovery: { seeds: ['127.0.0.1:3306'] } });
    expect((await readGateState(store, withoutReplication, view, primary, NOW)).replicationConfigured).toBe(false);
  });

  it('ignores a rejoined fence', async () => {
    const store = new MemoryStore();
    await store.recordFence({ instance: primary, cluster: view.clusterName, recoveryId: 'r1', fencedAt: NOW, state: 'rejoined', updatedAt: NOW, detail: '' });
    expect((await readGateState(store, config, view, primary, NOW)).fence).toBeNull();
  });
});
