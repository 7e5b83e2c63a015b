import pLimit, { type LimitFunction } from 'p-limit';
import type { Config } from '../config.js';
import { errorLine, toOrcError } from '../errors.js';
import { primaryChannel, type InstanceFacts } from '../model/instance.js';
import { formatInstanceKey, sameInstance, type InstanceKey } from '../model/instance-key.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { Probe } from '../ports/probe.js';
import type { Store } from '../ports/store.js';
import { SupervisedLoop } from '../util/supervised-loop.js';
import { assignClusters, clusterRoot } from './assign-clusters.js';
import { nameClusters } from './name-clusters.js';
import { neighborsOf } from './neighbors.js';
import { confirmsReplicaOf, replicaCandidates } from './replica-candidates.js';

/**
 * The longest rest, in poll intervals, of a refuted replica candidate. Each refutation of the same pair doubles the
 * rest from one interval: a stale dump thread (a replica that just detached) costs one retry soon after, a client
 * that is no replica of ours (a binlog reader) settles at one probe per this many polls.
 */
const MAX_CANDIDATE_REST_POLLS = 32;

/** The ports and settings discovery runs with. */
export interface DiscoveryDeps {
  readonly probe: Probe;
  readonly store: Store;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly config: Config;
}

/** The outcome of one probe, as handed to subscribers; durationMs is the probe's own time on the monotonic clock. */
export type ProbeOutcome =
  | { readonly ok: true; readonly key: InstanceKey; readonly facts: InstanceFacts; readonly durationMs: number }
  | { readonly ok: false; readonly key: InstanceKey; readonly at: number; readonly error: string; readonly durationMs: number };

/** The result of crawling a topology from one server. */
export interface CrawlResult {
  readonly seed: InstanceKey;
  readonly reached: readonly InstanceKey[];
  readonly failed: readonly { key: InstanceKey; error: string }[];
}

interface Known {
  key: InstanceKey;
  source: InstanceKey | null;
  reachable: boolean;
  clusterName: string;
  /** Alias of the cluster this instance was in when clusters were last named: an alias follows its members. */
  alias: string | null;
  /** Monotonic ms (clock.monotonic) at which this instance is next due for a probe. */
  nextDueAt: number;
}

/**
 * Continuous discovery: polls every known instance on its own schedule (a hung server delays nobody else),
 * follows sources and replicas to new instances, keeps unreachable ones with their last good facts, and
 * re-derives cluster membership as the topology changes.
 */
export class DiscoveryLoop {
  private readonly known = new Map<string, Known>();
  private readonly inFlight = new Map<string, Promise<ProbeOutcome>>();
  /** Candidate probes in flight, by "source>candidate": a candidate is confirmed or refuted for one source. */
  private readonly candidatesInFlight = new Map<string, Promise<void>>();
  /** Refuted "source>candidate" pairs (no answer, or a replica of another server): when to try again, and how often refuted. */
  private readonly refuted = new Map<string, { until: number; times: number }>();
  private readonly limit: LimitFunction;
  private readonly loop: SupervisedLoop;
  private readonly listeners = new Set<(outcome: ProbeOutcome) => void>();
  private probeController = new AbortController();
  /** Set when membership, sources or reachability changed since clusters were last reconciled. */
  private dirty = true;
  private phaseSeq = 0;

  constructor(private readonly deps: DiscoveryDeps) {
    this.limit = pLimit(deps.config.discovery.concurrency);
    this.loop = new SupervisedLoop({
      name: 'discovery',
      // Ticks are finer than the poll interval so each instance keeps its own phase within the interval.
      intervalMs: Math.max(10, Math.floor(deps.config.discovery.pollIntervalMs / 50)),
      logger: deps.logger,
      clock: deps.clock,
      run: (signal) => this.tick(signal),
    });
  }

  /** Loads known instances from the store and config seeds; needed before tick or crawl. */
  async load(): Promise<void> {
    const aliases = new Map((await this.deps.store.listClusters()).map((c) => [c.name, c.alias]));
    for (const record of await this.deps.store.listInstances()) {
      const entry = this.remember(record.key, record.facts ? (primaryChannel(record.facts)?.source ?? null) : null, record.reachable, record.clusterName);
      entry.alias = aliases.get(record.clusterName) ?? null;
    }
    const seeds = [...this.deps.config.discovery.seeds, ...this.deps.config.clusters.flatMap((c) => c.seeds)];
    for (const seed of seeds) this.remember(seed, null, false, formatInstanceKey(seed));
  }

  /** Starts polling in the background; stop() ends it. */
  async start(): Promise<void> {
    await this.load();
    this.probeController = new AbortController();
    this.loop.start();
  }

  /** Stops polling, cancels probes in flight and waits for them to settle. */
  async stop(): Promise<void> {
    this.probeController.abort();
    await this.loop.stop();
    await Promise.allSettled([...this.inFlight.values(), ...this.candidatesInFlight.values()]);
  }

  /** Subscribes to every probe outcome; returns the unsubscribe function. */
  subscribe(listener: (outcome: ProbeOutcome) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Probes these instances now instead of at their next turn (emergent re-probe); resolves with the outcomes. */
  probeNow(keys: readonly InstanceKey[]): Promise<ProbeOutcome[]> {
    return Promise.all(keys.map((k) => this.schedule(k, this.probeController.signal, true)));
  }

  /**
   * Crawls the whole topology reachable from seed (up to its primary, down through replicas) and records it.
   * A seed that does not answer is reported and not recorded: a mistyped address must not be polled forever.
   */
  async crawl(seed: InstanceKey, signal?: AbortSignal): Promise<CrawlResult> {
    const combined = signal ? AbortSignal.any([signal, this.probeController.signal]) : this.probeController.signal;
    const seedName = formatInstanceKey(seed);
    const first = await this.schedule(seed, combined, this.known.has(seedName));
    if (!first.ok) return { seed, reached: [], failed: [{ key: seed, error: first.error }] };
    const reached = new Map<string, InstanceKey>([[seedName, seed]]);
    const failed = new Map<string, { key: InstanceKey; error: string }>();
    const follow = async (k: InstanceKey): Promise<void> => {
      const name = formatInstanceKey(k);
      if (reached.has(name) || failed.has(name)) return;
      reached.set(name, k);
      const outcome = await this.schedule(k, combined, true);
      if (outcome.ok) return visit(outcome.facts);
      reached.delete(name);
      failed.set(name, { key: k, error: outcome.error });
    };
    const visit = async (facts: InstanceFacts): Promise<void> => {
      this.learnNeighbors(facts);
      // Replicas the server did not name are known once a candidate probe confirmed them (this one or one already
      // running since the probe was recorded).
      const confirmed = this.probeCandidates(facts, combined).then(() => Promise.all(this.replicasKnownOf(facts.key).map(follow)));
      await Promise.all([confirmed, ...neighborsOf(facts).map(follow)]);
    };
    await visit(first.facts);
    await this.reconcileClusters();
    return { seed, reached: [...reached.values()], failed: [...failed.values()] };
  }

  /** Forgets an instance: it is no longer polled (the store row is removed by the caller's command). */
  forget(key: InstanceKey): void {
    this.known.delete(formatInstanceKey(key));
  }

  private async tick(signal: AbortSignal): Promise<void> {
    const now = this.deps.clock.monotonic();
    for (const entry of this.known.values()) {
      if (entry.nextDueAt <= now && !this.inFlight.has(formatInstanceKey(entry.key))) {
        void this.schedule(entry.key, this.probeController.signal, true);
      }
    }
    if (signal.aborted || !this.dirty) return;
    this.dirty = false;
    try {
      await this.reconcileClusters();
    } catch (err) {
      // Try again next tick: stale cluster names would mislead the recovery gates' opt-in filter.
      this.dirty = true;
      throw err;
    }
  }

  private schedule(key: InstanceKey, signal: AbortSignal, recordFailure: boolean): Promise<ProbeOutcome> {
    const name = formatInstanceKey(key);
    const running = this.inFlight.get(name);
    if (running) return running;
    const entry = this.known.get(name);
    if (entry) {
      // Keep each instance on its own phase: a turn that came due moves to the next slot of its phase; an extra
      // probe (crawl, emergent) leaves the schedule alone.
      const interval = this.deps.config.discovery.pollIntervalMs;
      const now = this.deps.clock.monotonic();
      if (entry.nextDueAt <= now) entry.nextDueAt += (Math.floor((now - entry.nextDueAt) / interval) + 1) * interval;
    }
    const task = this.limit(() => this.probeAndRecord(key, signal, recordFailure)).finally(() => this.inFlight.delete(name));
    this.inFlight.set(name, task);
    return task;
  }

  private async probeAndRecord(key: InstanceKey, signal: AbortSignal, recordFailure: boolean): Promise<ProbeOutcome> {
    const name = formatInstanceKey(key);
    let outcome: ProbeOutcome;
    const started = this.deps.clock.monotonic();
    let durationMs: number | null = null;
    try {
      const facts = await this.deps.probe.probe(key, signal);
      durationMs = this.deps.clock.monotonic() - started;
      outcome = await this.recordFacts(facts, durationMs, signal);
    } catch (err) {
      const at = this.deps.clock.now();
      outcome = { ok: false, key, at, error: errorLine(err), durationMs: durationMs ?? this.deps.clock.monotonic() - started };
      const entry = this.known.get(name);
      if (entry && entry.reachable) {
        entry.reachable = false;
        this.dirty = true;
      }
      if (recordFailure && !signal.aborted) {
        const clusterName = entry?.clusterName ?? name;
        if (!entry) this.remember(key, null, false, clusterName);
        await this.deps.store.recordProbeFailure({ key, at, error: outcome.error }, clusterName).catch((e: unknown) => {
          this.deps.logger.error({ instance: name, err: toOrcError(e).message }, 'recording probe failure failed');
        });
      }
    }
    for (const listener of this.listeners) listener(outcome);
    return outcome;
  }

  /** Records a successful probe and follows what it points at; the outcome goes to subscribers from the caller. */
  private async recordFacts(facts: InstanceFacts, durationMs: number, signal: AbortSignal): Promise<ProbeOutcome> {
    const { key } = facts;
    const name = formatInstanceKey(key);
    const source = primaryChannel(facts)?.source ?? null;
    const entry = this.remember(key, source, true, this.known.get(name)?.clusterName ?? name);
    entry.clusterName = this.rootOf(name);
    // What the server said is the outcome; a store that cannot record it is orc's problem, not the server's.
    await this.deps.store.recordObservation({ facts, clusterName: entry.clusterName }).catch((e: unknown) => {
      this.deps.logger.error({ instance: name, err: toOrcError(e).message }, 'recording a probe result failed');
    });
    // Newly seen neighbours join the poll at once: continuous discovery, not only at crawl time.
    for (const n of this.learnNeighbors(facts)) {
      if (!signal.aborted) void this.schedule(n, signal, true);
    }
    if (!signal.aborted) void this.probeCandidates(facts, signal);
    return { ok: true, key, facts, durationMs };
  }

  /**
   * Probes the replica candidates of a server's binlog dump threads (see replicaCandidates) and records those that
   * replicate from it, as if it had named them; the rest are not recorded (they were guesses) and rest for a while.
   * Resolves once every candidate was decided, sharing probes already in flight.
   */
  private async probeCandidates(source: InstanceFacts, signal: AbortSignal): Promise<void> {
    const now = this.deps.clock.monotonic();
    const members = [...this.known.values()].map((e) => ({ key: e.key, source: e.source }));
    const probes: Promise<void>[] = [];
    for (const key of replicaCandidates(source, members, this.deps.config.discovery.replicaPorts)) {
      const pair = `${formatInstanceKey(source.key)}>${formatInstanceKey(key)}`;
      const running = this.candidatesInFlight.get(pair);
      if (running) {
        probes.push(running);
        continue;
      }
      if ((this.refuted.get(pair)?.until ?? 0) > now) continue;
      const task = this.limit(() => this.confirmCandidate(key, source, pair, signal)).finally(() => this.candidatesInFlight.delete(pair));
      this.candidatesInFlight.set(pair, task);
      probes.push(task);
    }
    await Promise.all(probes);
  }

  private async confirmCandidate(key: InstanceKey, source: InstanceFacts, pair: string, signal: AbortSignal): Promise<void> {
    // Known by now (a neighbour's report, a concurrent crawl): the regular poll owns it.
    if (this.known.has(formatInstanceKey(key)) || signal.aborted) return;
    const started = this.deps.clock.monotonic();
    const facts = await this.deps.probe.probe(key, signal).catch(() => null);
    const durationMs = this.deps.clock.monotonic() - started;
    if (signal.aborted) return;
    if (facts === null || !confirmsReplicaOf(facts, source)) {
      const times = (this.refuted.get(pair)?.times ?? 0) + 1;
      const rest = Math.min(2 ** (times - 1), MAX_CANDIDATE_REST_POLLS) * this.deps.config.discovery.pollIntervalMs;
      this.refuted.set(pair, { until: this.deps.clock.monotonic() + rest, times });
      return;
    }
    this.refuted.delete(pair);
    const outcome = await this.recordFacts(facts, durationMs, signal);
    for (const listener of this.listeners) listener(outcome);
  }

  private replicasKnownOf(key: InstanceKey): InstanceKey[] {
    return [...this.known.values()].filter((e) => e.source !== null && sameInstance(e.source, key)).map((e) => e.key);
  }

  /**
   * Adds servers a probe points at that orc did not know; a reported replica is placed under its reporter until
   * it answers itself, so a replica that never answers still shows in the right cluster.
   */
  private learnNeighbors(facts: InstanceFacts): InstanceKey[] {
    const added: InstanceKey[] = [];
    const reporterCluster = this.rootOf(formatInstanceKey(facts.key));
    for (const replica of facts.replicas) {
      if (this.known.has(formatInstanceKey(replica))) continue;
      this.remember(replica, facts.key, false, reporterCluster);
      added.push(replica);
    }
    for (const channel of facts.replication) {
      if (this.known.has(formatInstanceKey(channel.source))) continue;
      this.remember(channel.source, null, false, formatInstanceKey(channel.source));
      added.push(channel.source);
    }
    return added;
  }

  private remember(key: InstanceKey, source: InstanceKey | null, reachable: boolean, clusterName: string): Known {
    const name = formatInstanceKey(key);
    const entry = this.known.get(name);
    if (entry) {
      // An unreachable server keeps the source of its last good facts: its replicas' cluster must not split.
      const newSource = reachable ? source : entry.source;
      if (entry.reachable !== reachable || !sameSource(entry.source, newSource)) this.dirty = true;
      entry.reachable = reachable;
      entry.source = newSource;
      return entry;
    }
    this.dirty = true;
    const created: Known = { key, source, reachable, clusterName, alias: null, nextDueAt: this.deps.clock.monotonic() + this.phaseOf() };
    this.known.set(name, created);
    return created;
  }

  /**
   * An offset within the poll interval for the next new instance: the golden-ratio sequence spreads any number of
   * instances evenly, so some server of a topology is always probed soon after any moment (faster detection).
   */
  private phaseOf(): number {
    this.phaseSeq += 1;
    return ((this.phaseSeq * 0.6180339887498949) % 1) * this.deps.config.discovery.pollIntervalMs;
  }

  private rootOf(name: string): string {
    return clusterRoot(name, (n) => {
      const source = this.known.get(n)?.source;
      const next = source ? formatInstanceKey(source) : null;
      return next && this.known.has(next) ? next : null;
    });
  }

  private async reconcileClusters(): Promise<void> {
    const entries = [...this.known.values()];
    const stored = new Map((await this.deps.store.listClusters()).map((c) => [c.name, c]));
    const assignment = assignClusters(entries.map((e) => ({ key: e.key, source: e.source })));
    const changed = entries.filter((e) => assignment.get(formatInstanceKey(e.key)) !== e.clusterName);
    for (const e of changed) e.clusterName = assignment.get(formatInstanceKey(e.key))!;
    if (changed.length > 0) {
      await this.deps.store.assignClusters(changed.map((e) => ({ key: e.key, clusterName: e.clusterName })));
    }
    const records = nameClusters(
      entries.map((e) => {
        const name = formatInstanceKey(e.key);
        return { name, clusterName: e.clusterName, reachable: e.reachable, previousAlias: e.alias };
      }),
      this.deps.config.clusters,
      this.deps.clock.now(),
    );
    const aliasOf = new Map(records.map((r) => [r.name, r.alias]));
    for (const e of entries) e.alias = aliasOf.get(e.clusterName) ?? null;
    for (const record of records) {
      const previous = stored.get(record.name);
      if (!previous || previous.alias !== record.alias) await this.deps.store.upsertCluster(record);
    }
    if (stored.size > 0 && [...stored.keys()].some((n) => !records.some((r) => r.name === n))) {
      await this.deps.store.pruneClusters(records.map((r) => r.name));
    }
  }
}

function sameSource(a: InstanceKey | null, b: InstanceKey | null): boolean {
  return a === b || (a !== null && b !== null && a.host === b.host && a.port === b.port);
}
