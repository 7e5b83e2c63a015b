import { describe, expect, it } from 'vitest';
import { series } from '../../support/metric-series.js';
import { parseConfig } from '../../../core/config.js';
import { silentLogger } from '../../../core/ports/logger.js';
import { newSeed, type Seed } from '../../../core/seeds/seed.js';
import { OrcMetrics } from '../../../src/service/metrics/orc-metrics.js';
import { fakeAgentInfo } from '../../support/fake-agent-client.js';
import { MemoryStore } from '../../support/memory-store.js';

const T0 = 1_700_000_000_000;
const config = parseConfig({ topology: { user: 'orc' }, agents: { staleAfterMs: 60_000 } });

function seed(id: string, fields: Partial<Seed> = {}): Seed {
  return { ...newSeed({ id, method: 'mariabackup', source: { host: 'db-a', port: 3306 }, target: { host: 'db-b', port: 3306 }, now: T0 }), ...fields };
}


describe('seed and agent metrics', () => {
  it('counts seeds per status, shows the bytes of active seeds and agents by health', async () => {
    const store = new MemoryStore();
    await store.createSeed(seed('s-run', { status: 'Running', stage: 'Backup', bytesCopied: 123_456, startedAt: T0, progressAt: T0 }));
    await store.createSeed(seed('s-done', { status: 'Completed', stage: 'Cleanup', bytesCopied: 999, endedAt: T0 + 1 }));
    await store.createSeed(seed('s-new'));
    const agent = (host: string, lastSeenAt: number, serverRunning = true) =>
      store.registerAgent({ instance: { host, port: 3306 }, url: `http://${host}:7070`, lastSeenAt, info: fakeAgentInfo(host, 3306, { serverRunning }) });
    await agent('db-a', T0);
    await agent('db-b', T0 - 61_000);
    await agent('db-c', T0, false);
    const metrics = new OrcMetrics({
      isLeader: () => true,
      currentLease: () => null,
      latestFindings: () => new Map(),
      store,
      logger: silentLogger,
      clock: { now: () => T0 },
      config,
    });
    const { body } = await metrics.text();
    expect(series(body, 'orc_seeds{status="Running"}')).toBe(1);
    expect(series(body, 'orc_seeds{status="Scheduled"}')).toBe(1);
    expect(series(body, 'orc_seeds{status="Completed"}')).toBe(1);
    expect(series(body, 'orc_seeds{status="Failed"}')).toBe(0);
    expect(series(body, 'orc_seed_bytes_copied{seed="s-run"}')).toBe(123_456);
    expect(series(body, 'orc_seed_bytes_copied{seed="s-new"}')).toBe(0);
    expect(series(body, 'orc_seed_bytes_copied{seed="s-done"}')).toBeUndefined();
    expect(series(body, 'orc_agents{healthy="true"}')).toBe(1);
    expect(series(body, 'orc_agents{healthy="false"}')).toBe(2);
  });
});
