import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../core/config.js';
import type { HookRunner } from '../../../core/hooks/hook-runner.js';
import { systemClock } from '../../../core/ports/clock.js';
import type { LeaseToken } from '../../../core/ports/leader-lease.js';
import { silentLogger } from '../../../core/ports/logger.js';
import { LEADER_LEASE_NAME } from '../../../core/service/leader-election.js';
import type { SeedStateRow } from '../../../core/seeds/seed-transition.js';
import { newSeed } from '../../../core/seeds/seed.js';
import { OrcService } from '../../../src/service/orc-service.js';
import { makeFacts } from '../../support/facts-builder.js';
import { FakeAgentClient } from '../../support/fake-agent-client.js';
import { FakeProbe } from '../../support/fake-probe.js';
import { FakeReplicationControl } from '../../support/fake-replication-control.js';
import { MemoryStore } from '../../support/memory-store.js';

const config = parseConfig({
  topology: { user: 'orc' },
  discovery: { seeds: ['127.0.0.1:3306'], pollIntervalMs: 100 },
  service: { leaseMs: 400, renewMs: 50 },
  seeds: { tickMs: 100 },
});

const noHooks: HookRunner = {
  run: async () => ({ exitCode: 0, signal: null, durationMs: 0, timedOut: false, aborted: false, stdoutTail: '', stderrTail: '', error: null }),
};

const SOURCE = { host: 'db-src.example', port: 3306 };
const TARGET = { host: 'db-new.example', port: 3306 };

const running: OrcService[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
});

function service(store: MemoryStore, agents: FakeAgentClient | null): OrcService {
  const probe = new FakeProbe().set(makeFacts('127.0.0.1:3306'));
  const seeds = agents && { agentClient: agents, agentOf: async (key: { host: string }) => ({ url: `http://${key.host}:7070` }) };
  const orc = new OrcService({
    config,
    store,
    probe,
    control: new FakeReplicationControl(),
    hookRunner: noHooks,
    clock: systemClock,
    logger: silentLogger,
    orcHost: 'orc-a',
    ...(seeds ? { seeds } : {}),
  });
  running.push(orc);
  return orc;
}

/** Resolves with the first history row the store appends and the fencing token it came with. */
function firstRow(store: MemoryStore): Promise<{ row: SeedStateRow; lease: LeaseToken | undefined }> {
  return new Promise((resolve) => {
    const append = store.appendSeedState.bind(store);
    store.appendSeedState = async (row, lease) => {
      await append(row, lease);
      resolve({ row, lease });
    };
  });
}

describe('OrcService seed loop', () => {
  it('ticks seeds as the leader when given the seeds dependencies, fenced by its term, and stops with the service', async () => {
    const store = new MemoryStore();
    await store.createSeed(newSeed({ id: 's1', method: 'mariabackup', source: SOURCE, target: TARGET, now: Date.now() }));
    const agents = new FakeAgentClient();
    const row = firstRow(store);
    const orc = service(store, agents);
    await orc.start();
    const first = await row;
    expect(first.row).toMatchObject({ seedId: 's1', status: 'Running', stage: 'Prepare' });
    expect(first.lease).toEqual({ name: LEADER_LEASE_NAME, holder: orc.holder, epoch: orc.currentLease()?.epoch });
    expect(agents.calls.filter((c) => c.op === 'startStage').map((c) => c.url)).toEqual(['http://db-new.example:7070', 'http://db-src.example:7070']);
    expect(orc.seeds?.running).toBe(true);

    await orc.stop();
    expect(orc.seeds?.running).toBe(false);
    expect(orc.seeds?.stats().ticks).toBeGreaterThanOrEqual(1);
    expect((await orc.metricsText()).body).toMatch(/^orc_seed_ticks_total [1-9]/m);
  });

  it('has no seed loop without the seeds dependencies', async () => {
    const store = new MemoryStore();
    const orc = service(store, null);
    await orc.start();
    expect(orc.seeds).toBeNull();
  });
});
