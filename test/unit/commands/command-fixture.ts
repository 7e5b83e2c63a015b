import type { FleetCommandContext } from '../../../core/commands/start-fleet-rollout.js';
import type { RecoveryCommandContext } from '../../../core/commands/recovery-command-context.js';
import type { SeedCommandContext } from '../../../core/commands/seed-command-context.js';
import { parseConfig } from '../../../core/config.js';
import type { HookProcessResult, HookRunner, HookRunRequest } from '../../../core/hooks/hook-runner.js';
import type { InstanceFacts } from '../../../core/model/instance.js';
import { parseInstanceKey } from '../../../core/model/instance-key.js';
import { silentLogger } from '../../../core/ports/logger.js';
import { FakeAgentClient } from '../../support/fake-agent-client.js';
import { makeFacts } from '../../support/facts-builder.js';
import { FakeProbe } from '../../support/fake-probe.js';
import { FakeReplicationControl } from '../../support/fake-replication-control.js';
import { MemoryStore } from '../../support/memory-store.js';

export const P = '127.0.0.1:3306';
export const R1 = '127.0.0.1:3307';
export const R2 = '127.0.0.1:3308';
export const R3 = '127.0.0.1:3309';
export const T0 = 1_700_000_000_000;
export const CLUSTER = 'shop';

/** A hook runner that records requests and lets every hook succeed, or fail when told. */
export class RecordingHookRunner implements HookRunner {
  readonly requests: HookRunRequest[] = [];
  exitCode = 0;
  async run(request: HookRunRequest): Promise<HookProcessResult> {
    this.requests.push(request);
    return { exitCode: this.exitCode, signal: null, durationMs: 1, timedOut: false, aborted: false, stdoutTail: '', stderrTail: 'hook said no', error: null };
  }
}

/** A command context over fakes, plus handles on each fake. */
export interface CommandFixture {
  readonly ctx: RecoveryCommandContext & SeedCommandContext & FleetCommandContext;
  readonly store: MemoryStore;
  readonly probe: FakeProbe;
  readonly control: FakeReplicationControl;
  readonly hooks: RecordingHookRunner;
  readonly agents: FakeAgentClient;
  /** Advances the fake clock. */
  tick(ms: number): void;
}

/**
 * A cluster "shop" of primary P with replicas R1 and R2 (R3 below R1 with `chain`), known to the store and
 * answering the fake probe; `facts` overrides each server's facts, `config` the raw config.
 */
export async function commandFixture(
  options: { facts?: Record<string, Partial<Omit<InstanceFacts, 'replicas'>> & { source?: string }>; chain?: boolean; config?: Record<string, unknown> } = {},
): Promise<CommandFixture> {
  let now = T0;
  const store = new MemoryStore();
  const probe = new FakeProbe();
  const control = new FakeReplicationControl().simulate(probe);
  const hooks = new RecordingHookRunner();
  const agents = new FakeAgentClient();
  const config = parseConfig({ topology: { user: 'orc' }, replication: { user: 'repl', password: 'secret' }, ...options.config });
  const layout: Record<string, { source?: string; replicas: string[]; serverId: number }> = {
    [P]: { replicas: [R1, R2], serverId: 1 },
    [R1]: { source: P, replicas: options.chain ? [R3] : [], serverId: 2 },
    [R2]: { source: P, replicas: [], serverId: 3 },
    ...(options.chain ? { [R3]: { source: R1, replicas: [], serverId: 4 } } : {}),
  };
  for (const [name, shape] of Object.entries(layout)) {
    const { source, ...override } = options.facts?.[name] ?? {};
    const facts = makeFacts(name, { source: source ?? shape.source, replicas: shape.replicas, serverId: shape.serverId, at: T0, ...override });
    probe.set(facts);
    await store.recordObservation({ facts, clusterName: P });
  }
  await store.upsertCluster({ name: P, alias: CLUSTER, primary: parseInstanceKey(P), updatedAt: T0 });
  const ctx: RecoveryCommandContext & SeedCommandContext & FleetCommandContext = {
    config,
    store,
    probe,
    control,
    hookRunner: hooks,
    agentClient: agents,
    clock: { now: () => now, monotonic: () => now },
    logger: silentLogger,
    orcHost: 'orc-test',
    actor: 'cli:alice',
  };
  return { ctx, store, probe, control, hooks, agents, tick: (ms) => (now += ms) };
}

/** Expects a promise to reject with an OrcError of the code; returns the error. */
export async function rejection(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (err) {
    return err as { code: string; message: string };
  }
  throw new Error('expected a rejection');
}
