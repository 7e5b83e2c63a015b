import type { InstanceKey } from '../../../core/model/instance-key.js';
import { formatInstanceKey } from '../../../core/model/instance-key.js';
import type { AgentEndpoint } from '../../../core/ports/agent-client.js';
import type { LeaseToken } from '../../../core/ports/leader-lease.js';
import type { Logger } from '../../../core/ports/logger.js';
import type { AgentStageState } from '../../../core/seeds/agent-stage-report.js';
import type { SeedMachineConfig } from '../../../core/seeds/seed-machine-config.js';
import type { SeedMethod } from '../../../core/seeds/seed-method.js';
import type { SeedStage } from '../../../core/seeds/seed-stage.js';
import { SeedTicker, type SeedTickSummary } from '../../../core/seeds/seed-ticker.js';
import { newSeed, type Seed } from '../../../core/seeds/seed.js';
import { makeFacts } from '../../support/facts-builder.js';
import { FakeAgentClient } from '../../support/fake-agent-client.js';
import { FakeProbe } from '../../support/fake-probe.js';
import { FakeReplicationControl } from '../../support/fake-replication-control.js';
import { ManualClock } from '../../support/manual-clock.js';
import { MemoryStore } from '../../support/memory-store.js';

export const T0 = 1_800_000_000_000;
export const LEASE = 'orc-leader';
export const POLICY: SeedMachineConfig = { maxRetriesPerStage: 3, staleProgressMs: 10 * 60_000, downtimeMs: 3_600_000 };

/** One seed's two ends, their agents' URLs. */
export interface SeedEnds {
  readonly source: InstanceKey;
  readonly target: InstanceKey;
  readonly sourceUrl: string;
  readonly targetUrl: string;
}

export const ENDS: SeedEnds = {
  source: { host: 'db-src.example', port: 3306 },
  target: { host: 'db-new.example', port: 3306 },
  sourceUrl: 'http://db-src.example:7070',
  targetUrl: 'http://db-new.example:7070',
};

export const OTHER_ENDS: SeedEnds = {
  source: { host: 'db-src2.example', port: 3306 },
  target: { host: 'db-new2.example', port: 3306 },
  sourceUrl: 'http://db-src2.example:7070',
  targetUrl: 'http://db-new2.example:7070',
};

/** A logger keeping every line, to show what the loop said. */
export class RecordingLogger implements Logger {
  readonly lines: { level: string; msg: string; obj: object }[] = [];
  debug = (obj: object, msg = '') => void this.lines.push({ level: 'debug', msg, obj });
  info = (obj: object, msg = '') => void this.lines.push({ level: 'info', msg, obj });
  warn = (obj: object, msg = '') => void this.lines.push({ level: 'warn', msg, obj });
  error = (obj: object, msg = '') => void this.lines.push({ level: 'error', msg, obj });
}

/**
 * A seed ticker over the memory store (leases on the manual clock), the fake agent client, probe and replication
 * control, with a registry of agents the test edits and a leadership whose token is this orc's term.
 */
export class TickerHarness {
  readonly clock = new ManualClock(T0);
  readonly store = new MemoryStore({ backendClock: this.clock });
  readonly agents = new FakeAgentClient();
  readonly probe = new FakeProbe();
  readonly control = new FakeReplicationControl().simulate(this.probe);
  readonly logger = new RecordingLogger();
  readonly registry = new Map<string, AgentEndpoint>();
  token: LeaseToken | null = null;
  readonly ticker: SeedTicker;

  constructor(policy: SeedMachineConfig = POLICY) {
    this.ticker = new SeedTicker({
      store: this.store,
      agentClient: this.agents,
      agentOf: async (key) => this.registry.get(formatInstanceKey(key)) ?? null,
      control: this.control,
      probe: this.probe,
      clock: this.clock,
      logger: this.logger,
      policy,
      leadership: { mayAct: () => this.token !== null, token: () => this.token },
    });
    this.addEnds(ENDS);
  }

  /** Registers both agents of a seed's ends and makes both servers answer the probe (neither a replica yet). */
  addEnds(ends: SeedEnds): void {
    this.registry.set(formatInstanceKey(ends.source), { url: ends.sourceUrl });
    this.registry.set(formatInstanceKey(ends.target), { url: ends.targetUrl });
    this.probe.set(makeFacts(formatInstanceKey(ends.source))).set(makeFacts(formatInstanceKey(ends.target)));
  }

  /** Takes the leader lease as holder (for an hour of backend time) and uses its token. */
  async lead(holder = 'orc-1'): Promise<LeaseToken> {
    const lease = await this.store.tryAcquireLease(LEASE, holder, 3_600_000);
    this.token = { name: LEASE, holder: lease.holder, epoch: lease.epoch };
    return this.token;
  }

  /** Stores a new seed (fields overridden) and returns it. */
  async seed(id: string, fields: Partial<Seed> = {}, ends: SeedEnds = ENDS, method: SeedMethod = 'mariabackup'): Promise<Seed> {
    const seed = { ...newSeed({ id, method, source: ends.source, target: ends.target, now: this.clock.now() }), ...fields };
    await this.store.createSeed(seed);
    return seed;
  }

  /** One tick, with manual time moving until it ends (ConnectReplica's verification waits on the clock). */
  tick(): Promise<SeedTickSummary> {
    return this.clock.advanceUntil(this.ticker.tick(new AbortController().signal), 100, 60_000);
  }

  /** Sets what an agent reports for a seed's stage. */
  report(url: string, seedId: string, stage: SeedStage, state: AgentStageState, extra: { bytes?: number; error?: string } = {}): void {
    this.agents.setStatus(url, { seedId, stage, state, bytes: extra.bytes ?? 0, updatedAt: this.clock.now(), ...(extra.error ? { error: extra.error } : {}) });
  }

  /** "Status/Stage" of a stored seed. */
  async state(id: string): Promise<string> {
    const seed = await this.store.getSeed(id);
    return seed ? `${seed.status}/${seed.stage}` : 'missing';
  }

  /** A seed's history as "Status/Stage agent: details" lines. */
  async history(id: string): Promise<string[]> {
    return (await this.store.listSeedStates(id)).map((r) => `${r.status}/${r.stage} ${r.agent ?? 'orc'}: ${r.details}`);
  }

  /** The fake agent calls as "op url" lines (startStage with its stage, abort with the seed). */
  calls(op?: string): string[] {
    return this.agents.calls.filter((c) => op === undefined || c.op === op).map((c) => `${c.op} ${c.url}${c.stage ? ` ${c.stage}` : ''}`);
  }

  /** Forgets the recorded agent and control calls. */
  clearCalls(): void {
    this.agents.calls.length = 0;
    this.control.calls.length = 0;
  }

  /** The target's downtime windows now, as "owner: reason". */
  async downtime(key: InstanceKey = ENDS.target): Promise<string[]> {
    return (await this.store.listDowntime(this.clock.now())).filter((d) => formatInstanceKey(d.instance) === formatInstanceKey(key)).map((d) => `${d.owner}: ${d.reason}`);
  }
}
