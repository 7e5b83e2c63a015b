import { describe, expect, it } from 'vitest';
import { watchRecoveryProgress } from '../../../bot/listeners/recovery-progress.js';
import type { BotReply } from '../../../bot/views/blocks.js';
import { parseInstanceKey } from '../../../core/model/instance-key.js';
import { until } from '../../support/service-harness.js';
import { commandFixture, P, T0 } from '../commands/command-fixture.js';
import { makeRecovery } from '../../support/recovery-builder.js';

describe('watchRecoveryProgress', () => {
  it('refreshes the message with the steps of the cluster recovery running since the click, and stop leaves no refresh in flight', { timeout: 15_000 }, async () => {
    const { ctx, store } = await commandFixture();
    await store.registerRecovery(makeRecovery({ id: 'old', cluster: P, kind: 'graceful-takeover', failed: parseInstanceKey(P), startedAt: T0 - 10 }));
    await store.finishRecovery('old', { status: 'succeeded', endedAt: T0 - 5, successor: null, lost: [], summary: '' });
    const updates: string[] = [];
    const stop = watchRecoveryProgress({ ...ctx, store }, 'shop', T0, 'Running takeover', 'U1', async (r: BotReply) => void updates.push(r.text));
    await store.registerRecovery(makeRecovery({ id: 'now', cluster: P, kind: 'graceful-takeover', failed: parseInstanceKey(P), startedAt: T0 }));
    await store.recordStep({ recoveryId: 'now', index: 1, name: 'catch up', status: 'ok', startedAt: T0, endedAt: T0 + 1, message: '' });
    await store.recordStep({ recoveryId: 'now', index: 2, name: 'set read-only', status: 'running', startedAt: T0 + 1, endedAt: null, message: '' });
    await until('a progress update', async () => updates.length > 0, 6000, 50);
    await stop();
    const seen = updates.length;
    expect(updates[0]).toBe('Running takeover: recovery now: ✓ catch up, … set read-only…');
    await store.finishRecovery('now', { status: 'succeeded', endedAt: T0 + 2, successor: null, lost: [], summary: '' });
    expect(updates.length).toBe(seen);
  });
});
