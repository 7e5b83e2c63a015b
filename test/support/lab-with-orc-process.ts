import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { labDown, labUp } from '../../ci-env/lab.js';
import type { LabInfo, LabOptions } from '../../ci-env/lab-types.js';
import { loadConfig } from '../../core/config.js';
import { openStore, type OrcStore } from '../../core/store/open-store.js';
import { writeLabHook, type LabHook } from './blocking-hook.js';
import { startOrcProcess, type OrcProcess } from './orc-process.js';
import { editLabConfig, until } from './service-harness.js';
import { teardown } from './teardown.js';

/** Hooks a lab test installs, by orc hook point: blocking (first run waits for release) or recording only. */
export type LabHookPlan = Readonly<Record<string, 'block' | 'record'>>;

/** A lab whose orc runs as `orc serve` child processes (killed and restarted by the test), and its store. */
export interface LabWithOrcProcess {
  readonly lab: LabInfo;
  /** The lab's store, opened by the test (migrated before any orc starts). */
  readonly store: OrcStore;
  readonly hooks: Readonly<Record<string, LabHook>>;
  /** Starts `orc serve` on the lab's config and waits until it has probed `reachable` lab servers since it started. */
  startOrc(reachable: number): Promise<OrcProcess>;
}

/**
 * Registers beforeAll/afterAll hooks: a lab (of the given shape: replicas, chain, agents) with the given hooks and config edits, its store opened by the test;
 * afterwards every orc started is killed by its pid, blocked hooks are released and the lab is removed.
 */
export function useLabWithOrcProcess(
  name: string,
  basePort: number,
  hookPlan: LabHookPlan,
  edit: (raw: Record<string, any>) => void = () => {},
  shape: Pick<LabOptions, 'replicas' | 'chain' | 'agents'> = {},
): LabWithOrcProcess {
  let lab: LabInfo | undefined;
  let store: OrcStore | undefined;
  const hooks: Record<string, LabHook> = {};
  const started: OrcProcess[] = [];
  beforeAll(async () => {
    await labDown(name);
    lab = await labUp({ name, basePort, ...shape });
    for (const [point, mode] of Object.entries(hookPlan)) hooks[point] = writeLabHook(lab.dir, `hook-${point}`, mode === 'block');
    await editLabConfig(lab, (raw) => {
      raw.hooks = Object.fromEntries(Object.entries(hooks).map(([point, hook]) => [point, [{ argv: [hook.path], timeoutMs: 300_000 }]]));
      raw.service = { leaseMs: 2_000, renewMs: 500 };
      raw.recovery = { ...raw.recovery, resumeAfterMs: 3_000 };
      edit(raw);
    });
    store = await openStore(loadConfig(lab.config, {}).store);
  }, 90_000);
  afterAll(() =>
    teardown(
      ...started.map((orc) => () => orc.kill9()),
      () => Object.values(hooks).forEach((hook) => hook.release()),
      () => store?.close(),
      () => labDown(name),
    ),
  );
  return {
    get lab() {
      if (!lab) throw new Error(`lab ${name} is not up`);
      return lab;
    },
    get store() {
      if (!store) throw new Error(`lab ${name} has no store`);
      return store;
    },
    hooks,
    async startOrc(reachable) {
      const since = Date.now();
      const orc = startOrcProcess(lab!.config, join(lab!.dir, 'orc-serve.log'));
      started.push(orc);
      await until(
        `orc ${orc.pid} to probe the lab`,
        async () => (await store!.listInstances()).filter((i) => i.reachable && i.lastCheckedAt >= since).length >= reachable,
        30_000,
        100,
      );
      return orc;
    },
  };
}
