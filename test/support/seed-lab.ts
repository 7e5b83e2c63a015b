import { afterAll, beforeAll } from 'vitest';
import { labDown, labUp, type LabInfo } from '../../ci-env/lab.js';
import type { Seed } from '../../core/seeds/seed.js';
import type { OrcStore } from '../../core/store/open-store.js';
import { fillSeedData } from './seed-data.js';
import { startService, until, type RunningService } from './service-harness.js';
import { teardown } from './teardown.js';

/** A lab with seed agents and spare servers, its seed data on the primary, and an orc service the agents registered with. */
export interface SeedLab {
  readonly lab: LabInfo;
  readonly orc: RunningService;
  /** Bytes of seed data on the primary (information_schema). */
  readonly dataBytes: number;
}

/** Options of a seed lab: replicas of the primary, spare servers to seed into, MB of data on the primary. */
export interface SeedLabOptions {
  readonly replicas: number;
  readonly spares: number;
  readonly dataMb: number;
}

/** Builds a seed lab for one test file in beforeAll (agents registered, data replicated) and removes it in afterAll. */
export function useSeedLab(name: string, basePort: number, options: SeedLabOptions, beforeDown?: (lab: LabInfo) => Promise<void>): SeedLab {
  let lab: LabInfo | undefined;
  let orc: RunningService | undefined;
  let dataBytes = 0;
  beforeAll(async () => {
    await labDown(name);
    lab = await labUp({ name, basePort, replicas: options.replicas, spares: options.spares, agents: true });
    const primary = lab.instances.find((i) => i.role === 'primary')!;
    dataBytes = await fillSeedData({ port: primary.port, user: lab.user, password: lab.password }, options.dataMb);
    orc = await startService(lab, (c) => ({ ...c, seeds: { ...c.seeds, tickMs: 500 } }), { api: lab.orcApi! });
    const servers = lab.instances.length;
    await until(`all ${servers} agents registered`, async () => (await orc!.store.listAgents()).length === servers, 30_000);
  }, 120_000);
  afterAll(() =>
    teardown(
      () => orc?.stop(),
      () => (lab && beforeDown ? beforeDown(lab) : undefined),
      () => labDown(name),
    ),
  );
  return {
    get lab() {
      if (!lab) throw new Error(`lab ${name} is not up`);
      return lab;
    },
    get orc() {
      if (!orc) throw new Error(`no service on lab ${name}`);
      return orc;
    },
    get dataBytes() {
      return dataBytes;
    },
  };
}

/** Waits until a seed has ended (Completed or Failed) and returns it. */
export async function awaitSeedEnd(store: OrcStore, id: string, timeoutMs: number): Promise<Seed> {
  return until(`seed ${id} to end`, async () => {
    const seed = await store.getSeed(id);
    return seed && (seed.status === 'Completed' || seed.status === 'Failed') ? seed : null;
  }, timeoutMs, 100);
}
