import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Finding } from '../../../core/analysis/finding.js';
import { listAgents } from '../../../core/commands/list-agents.js';
import type { Config } from '../../../core/config.js';
import type { ProbeOutcome } from '../../../core/discovery/discovery-loop.js';
import { errorLine } from '../../../core/errors.js';
import type { AgentRegistry } from '../../../core/ports/agent-registry.js';
import type { Clock } from '../../../core/ports/clock.js';
import type { LeaderLease } from '../../../core/ports/leader-lease.js';
import type { Logger } from '../../../core/ports/logger.js';
import type { RecoveryStore } from '../../../core/ports/recovery-store.js';
import type { SeedStore } from '../../../core/ports/seed-store.js';
import type { Store } from '../../../core/ports/store.js';
import type { SeedTickSummary } from '../../../core/seeds/seed-ticker.js';
import { SEED_STATUSES } from '../../../core/seeds/seed-status.js';

/** Probe latency buckets in seconds: 1 ms to 5 s (a probe's connect timeout is a few seconds). */
export const PROBE_DURATION_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/** The most recoveries read from the store per scrape to count them by kind and status. */
export const RECOVERIES_COUNTED = 10_000;

/** The most seeds read from the store per scrape to count them by status. */
export const SEEDS_COUNTED = 10_000;

/** What the scrape-time gauges read: the service's in-memory state, its store, and the clock and config agent health needs. */
export interface MetricsSource {
  isLeader(): boolean;
  currentLease(): LeaderLease | null;
  latestFindings(): ReadonlyMap<string, readonly Finding[]>;
  readonly store: Pick<Store, 'listInstances'> & Pick<RecoveryStore, 'listRecoveries'> & Pick<SeedStore, 'listSeeds'> & Pick<AgentRegistry, 'listAgents'>;
  readonly logger: Logger;
  readonly clock: Pick<Clock, 'now'>;
  readonly config: Pick<Config, 'agents'>;
}

/** A Prometheus exposition: the content type to send and the text. */
export interface MetricsText {
  readonly contentType: string;
  readonly body: string;
}

/**
 * One service's Prometheus metrics on its own registry (never the process-wide default): probe counts and latency
 * fed by discovery's outcomes, and gauges (instances, findings, recoveries, seeds, agents, leadership) computed at
 * scrape time.
 */
export class OrcMetrics {
  readonly registry = new Registry();
  private readonly probes: Counter<'outcome'>;
  private readonly probeDuration: Histogram<'outcome'>;
  private readonly seedTicks: Counter;
  private readonly seedTickFailures: Counter;
  private readonly seedLastTick: Gauge;

  constructor(source: MetricsSource) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.probes = new Counter({ name: 'orc_probes_total', help: 'Probes of MySQL/MariaDB servers by outcome.', labelNames: ['outcome'], registers });
    this.probeDuration = new Histogram({
      name: 'orc_probe_duration_seconds',
      help: 'Time a probe took, by outcome.',
      labelNames: ['outcome'],
      buckets: PROBE_DURATION_BUCKETS,
      registers,
    });
    for (const outcome of ['ok', 'failed']) this.probes.inc({ outcome }, 0);
    this.seedTicks = new Counter({ name: 'orc_seed_ticks_total', help: 'Ticks of the seed loop this service ran as the leader.', registers });
    this.seedTickFailures = new Counter({
      name: 'orc_seed_tick_failures_total',
      help: 'Seed ticks that failed for one seed (logged; the other seeds went on).',
      registers,
    });
    this.seedLastTick = new Gauge({ name: 'orc_seed_last_tick_timestamp_seconds', help: 'When the seed loop last ticked as the leader (0: never).', registers });
    new Gauge({
      name: 'orc_instances',
      help: 'Known instances by the state of their latest probe (from the store).',
      labelNames: ['state'],
      registers,
      async collect() {
        this.reset();
        const instances = await source.store.listInstances().catch((err: unknown) => scrapeFailed(source, 'orc_instances', err));
        if (!instances) return;
        const reachable = instances.filter((i) => i.reachable).length;
        this.set({ state: 'reachable' }, reachable);
        this.set({ state: 'unreachable' }, instances.length - reachable);
      },
    });
    new Gauge({
      name: 'orc_analysis_findings',
      help: 'Findings of the latest analysis across clusters, by code and kind (the leader analyses; followers show none).',
      labelNames: ['code', 'kind'],
      registers,
      collect() {
        this.reset();
        for (const findings of source.latestFindings().values()) {
          for (const f of findings) this.inc({ code: f.code, kind: f.kind });
        }
      },
    });
    new Gauge({
      name: 'orc_recoveries',
      help: `Recoveries recorded in the store (the latest ${RECOVERIES_COUNTED}), by kind and status.`,
      labelNames: ['kind', 'status'],
      registers,
      async collect() {
        this.reset();
        const recoveries = await source.store.listRecoveries({ limit: RECOVERIES_COUNTED }).catch((err: unknown) => scrapeFailed(source, 'orc_recoveries', err));
        for (const r of recoveries ?? []) this.inc({ kind: r.kind, status: r.status });
      },
    });
    new Gauge({
      name: 'orc_seeds',
      help: `Seeds recorded in the store (the latest ${SEEDS_COUNTED}), by status.`,
      labelNames: ['status'],
      registers,
      async collect() {
        this.reset();
        const seeds = await source.store.listSeeds({ limit: SEEDS_COUNTED }).catch((err: unknown) => scrapeFailed(source, 'orc_seeds', err));
        if (!seeds) return;
        for (const status of SEED_STATUSES) this.set({ status }, seeds.filter((s) => s.status === status).length);
      },
    });
    new Gauge({
      name: 'orc_seed_bytes_copied',
      help: 'Bytes copied or applied so far in the current stage of each active seed.',
      labelNames: ['seed'],
      registers,
      async collect() {
        this.reset();
        const seeds = await source.store.listSeeds({ active: true }).catch((err: unknown) => scrapeFailed(source, 'orc_seed_bytes_copied', err));
        for (const s of seeds ?? []) this.set({ seed: s.id }, s.bytesCopied);
      },
    });
    new Gauge({
      name: 'orc_agents',
      help: 'Registered seed agents by health (registered within agents.staleAfterMs and their server running).',
      labelNames: ['healthy'],
      registers,
      async collect() {
        this.reset();
        const agents = await listAgents(source).catch((err: unknown) => scrapeFailed(source, 'orc_agents', err));
        if (!agents) return;
        const healthy = agents.filter((a) => a.healthy).length;
        this.set({ healthy: 'true' }, healthy);
        this.set({ healthy: 'false' }, agents.length - healthy);
      },
    });
    new Gauge({
      name: 'orc_leader',
      help: '1 while this service holds the leader lease, else 0.',
      registers,
      collect() {
        this.set(source.isLeader() ? 1 : 0);
      },
    });
    new Gauge({
      name: 'orc_lease_epoch',
      help: 'Epoch of the leader lease as this service last saw it (whoever holds it); 0 before the first round.',
      registers,
      collect() {
        this.set(source.currentLease()?.epoch ?? 0);
      },
    });
  }

  /** Counts one probe outcome and its latency; must not block discovery. */
  observeProbe(outcome: ProbeOutcome): void {
    const labels = { outcome: outcome.ok ? 'ok' : 'failed' };
    this.probes.inc(labels);
    this.probeDuration.observe(labels, outcome.durationMs / 1000);
  }

  /** Counts one tick of the seed loop (only the ones that ran as the leader); must not block the loop. */
  observeSeedTick(summary: SeedTickSummary): void {
    if (!summary.ran) return;
    this.seedTicks.inc();
    this.seedTickFailures.inc(summary.failed);
    this.seedLastTick.set(summary.at / 1000);
  }

  /** The exposition of every metric, computed now. */
  async text(): Promise<MetricsText> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}

function scrapeFailed(source: MetricsSource, metric: string, err: unknown): undefined {
  source.logger.warn({ metric, err: errorLine(err) }, 'collecting a metric failed');
  return undefined;
}
