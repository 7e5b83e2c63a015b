import { DiscoveryLoop } from '../../core/discovery/discovery-loop.js';
import { errorLine } from '../../core/errors.js';
import type { AgentClient } from '../../core/ports/agent-client.js';
import type { AgentRegistry } from '../../core/ports/agent-registry.js';
import type { AgentResolver } from '../../core/ports/agent-resolver.js';
import type { LeaderLease, LeaseStore } from '../../core/ports/leader-lease.js';
import type { Leadership } from '../../core/ports/leadership.js';
import type { FleetRolloutStore } from '../../core/ports/fleet-rollout-store.js';
import type { RolloutStore } from '../../core/ports/rollout-store.js';
import type { SeedStore } from '../../core/ports/seed-store.js';
import type { ServerVariables } from '../../core/ports/server-variables.js';
import { takeover } from '../../core/commands/takeover.js';
import { FleetLoop } from '../../core/rollouts/fleet/fleet-loop.js';
import { FLEET_ACTOR } from '../../core/rollouts/fleet/fleet-tick-deps.js';
import type { RolloutEngine } from '../../core/rollouts/rollout-engine.js';
import type { RecoveryDeps } from '../../core/recovery/recovery-deps.js';
import { RecoveryLoop } from '../../core/recovery/recovery-loop.js';
import { LeaderElection, leaseHolder } from '../../core/service/leader-election.js';
import { SeedLoop } from '../../core/seeds/seed-loop.js';
import { seedMachineConfig } from '../../core/seeds/seed-machine-config.js';
import { NodeHeartbeat } from '../../core/service/node-heartbeat.js';
import { OrcMetrics, type MetricsText } from './metrics/orc-metrics.js';
import { notActingReason, type ServiceStatus } from './service-status.js';

/** What the leader's seed loop needs besides the service's own ports: how to talk to agents and where they are. */
export interface OrcSeedDeps {
  readonly agentClient: AgentClient;
  /** The agent beside a server (the agent registry backs it); null when none is registered. */
  readonly agentOf: AgentResolver;
}

/** What the leader's fleet rollout loop needs besides the service's own ports: the process's engine and SET GLOBAL. */
export interface OrcFleetDeps {
  readonly engine: RolloutEngine;
  readonly variables: ServerVariables;
}

/** The ports and settings the long-running service composes. */
export interface OrcServiceDeps extends RecoveryDeps {
  readonly store: RecoveryDeps['store'] & LeaseStore & SeedStore & AgentRegistry;
  /** orc's version, shown in this service's node row (`orc nodes`). */
  readonly version?: string;
  /** When given, the leader also ticks seeds (config.seeds.tickMs); without it seeds are never driven. */
  readonly seeds?: OrcSeedDeps;
  /** When given (and the store keeps rollouts), the leader also steps fleet rollouts (config.rollouts.tickMs). */
  readonly fleet?: OrcFleetDeps;
}

interface Term {
  readonly discovery: DiscoveryLoop;
  readonly recovery: RecoveryLoop;
  readonly seeds: SeedLoop | null;
  readonly fleet: FleetLoop | null;
}

/**
 * The long-running orc service. Services sharing one store elect one leader; only the leader runs discovery,
 * analysis and recovery (fresh loops each time it is elected, so nothing carries over from an earlier term),
 * followers keep trying the lease and take over when it expires or is released.
 */
export class OrcService {
  private readonly election: LeaderElection;
  private readonly heartbeat: NodeHeartbeat;
  private readonly metrics: OrcMetrics;
  private term: Term;
  private termUsed = false;
  private acting = false;
  private converging: Promise<void> = Promise.resolve();

  constructor(private readonly deps: OrcServiceDeps) {
    this.metrics = new OrcMetrics({
      isLeader: () => this.isLeader(),
      currentLease: () => this.currentLease(),
      latestFindings: () => this.recovery.latestFindings(),
      store: deps.store,
      logger: deps.logger,
      clock: deps.clock,
      config: deps.config,
    });
    this.term = this.newTerm();
    const { leaseMs, renewMs, name } = deps.config.service;
    this.election = new LeaderElection({
      store: deps.store,
      clock: deps.clock,
      logger: deps.logger,
      holder: leaseHolder(name ?? deps.orcHost),
      leaseMs,
      renewMs,
      onChange: (leader) => this.converge(leader),
    });
    this.heartbeat = new NodeHeartbeat({
      store: deps.store,
      clock: deps.clock,
      logger: deps.logger,
      identity: { holder: this.election.holder, host: deps.orcHost, pid: process.pid, version: deps.version ?? 'unknown' },
      intervalMs: renewMs,
      role: () => (this.isLeader() ? 'leader' : 'follower'),
    });
  }

  /** Discovery of the current (or latest) leadership term. */
  get discovery(): DiscoveryLoop {
    return this.term.discovery;
  }

  /** Analysis and recovery of the current (or latest) leadership term. */
  get recovery(): RecoveryLoop {
    return this.term.recovery;
  }

  /** The seed loop of the current (or latest) leadership term; null when the service has no seeds dependencies. */
  get seeds(): SeedLoop | null {
    return this.term.seeds;
  }

  /** The fleet rollout loop of the current (or latest) leadership term; null when the service has no fleet dependencies. */
  get fleet(): FleetLoop | null {
    return this.term.fleet;
  }

  /** This service's lease holder identity (`${name or host}:${pid}:${random}`). */
  get holder(): string {
    return this.election.holder;
  }

  /** True while this service holds the leader lease. */
  isLeader(): boolean {
    return this.election.isLeader();
  }

  /** The leader lease as last seen (whoever holds it), for status output. */
  currentLease(): LeaderLease | null {
    return this.election.currentLease();
  }

  /** True while this service's discovery and recovery loops run (only ever while leader). */
  isActing(): boolean {
    return this.acting;
  }

  /** This service's metrics in the Prometheus text format (for the API server's /metrics). */
  metricsText(): Promise<MetricsText> {
    return this.metrics.text();
  }

  /** Leadership, whether it acts, the store's reachability and why it does not act, for status output. */
  status(): ServiceStatus {
    const base = {
      holder: this.holder,
      leader: this.isLeader(),
      acting: this.acting,
      lease: this.currentLease(),
      storeOutage: this.election.storeOutage(),
    };
    return { ...base, notActing: notActingReason(base) };
  }

  /** Joins the election; when it wins at once, discovery and recovery have started when this resolves. */
  async start(): Promise<void> {
    const startedAt = this.deps.clock.now();
    await this.election.start();
    await this.converging;
    await this.heartbeat.start(startedAt);
    const { recovery, discovery, service } = this.deps.config;
    this.deps.logger.info(
      {
        pollIntervalMs: discovery.pollIntervalMs,
        recoveryEnabled: recovery.enabled,
        autoRecoverPrimary: recovery.autoRecoverPrimary,
        holder: this.holder,
        leader: this.isLeader(),
        leaseMs: service.leaseMs,
        seedTickMs: this.deps.seeds ? this.deps.config.seeds.tickMs : null,
      },
      'orc service started',
    );
    if (recovery.enabled && !this.deps.config.replication) {
      this.deps.logger.warn({}, 'recovery is enabled but the config has no "replication" section: failovers cannot repoint replicas');
    }
  }

  /** Stops every loop, waits for in-flight work to settle, then releases the lease so a follower takes over at once. */
  async stop(): Promise<void> {
    await this.heartbeat.stop();
    await this.election.stop();
    await this.converging;
    await this.election.release();
    this.deps.logger.info({}, 'orc service stopped');
  }

  private newTerm(): Term {
    const discovery = new DiscoveryLoop(this.deps);
    discovery.subscribe((outcome) => this.metrics.observeProbe(outcome));
    // Every step of the term's recoveries re-checks leadership and carries the term's fencing token.
    const leadership = { mayAct: () => this.election.isLeader(), token: () => this.election.token() };
    return { discovery, recovery: new RecoveryLoop({ ...this.deps, leadership }, discovery), seeds: this.newSeedLoop(leadership), fleet: this.newFleetLoop(leadership) };
  }

  /** The term's fleet rollout loop: its ticks check leadership, every write carries the term's fencing token. */
  private newFleetLoop(leadership: Leadership): FleetLoop | null {
    const fleet = this.deps.fleet;
    const store = this.deps.store as OrcServiceDeps['store'] & Partial<FleetRolloutStore & RolloutStore>;
    if (!fleet || !store.listFleetRollouts || !store.saveRollout) return null;
    const fleetStore = store as OrcServiceDeps['store'] & FleetRolloutStore & RolloutStore;
    const { control, probe, clock, logger, config } = this.deps;
    return new FleetLoop({
      store: fleetStore,
      engine: fleet.engine,
      probe,
      variables: fleet.variables,
      control,
      clock,
      logger,
      leadership,
      tickMs: config.rollouts.tickMs,
      // The seeds' agent client and registry: a server's agent persists a change in its option file.
      ...(this.deps.seeds ? { agents: { client: this.deps.seeds.agentClient, agentOf: this.deps.seeds.agentOf } } : {}),
      takeover: async (cluster, signal) => {
        const result = await takeover({ ...this.deps, leadership, actor: FLEET_ACTOR }, cluster, {}, signal);
        const to = result.recovery.successor;
        return { ok: !result.rolledBack && result.recovery.status === 'succeeded', detail: `recovery ${result.recovery.id}${to ? ` to ${to.host}:${to.port}` : ''} ${result.recovery.status}` };
      },
    });
  }

  /** The term's seed loop: its ticks check leadership and every seed write carries the term's fencing token. */
  private newSeedLoop(leadership: Leadership): SeedLoop | null {
    const seeds = this.deps.seeds;
    if (!seeds) return null;
    const { store, control, probe, clock, logger, config } = this.deps;
    return new SeedLoop({
      store,
      control,
      probe,
      clock,
      logger,
      agentClient: seeds.agentClient,
      agentOf: seeds.agentOf,
      leadership,
      policy: seedMachineConfig(config.seeds),
      tickMs: config.seeds.tickMs,
      onTick: (summary) => this.metrics.observeSeedTick(summary),
    });
  }

  /** Brings the loops in line with leadership, one change at a time; a demotion stops them as soon as it is its turn. */
  private converge(leader: boolean): void {
    this.converging = this.converging.then(() => (leader ? this.startTerm() : this.stopTerm()));
  }

  private async startTerm(): Promise<void> {
    if (this.acting || !this.election.isLeader()) return;
    if (this.termUsed) this.term = this.newTerm();
    this.termUsed = true;
    this.acting = true;
    try {
      await this.term.discovery.start();
      // Demoted while discovery was loading: do not start recovery (or seeds) at all.
      if (this.election.isLeader()) await this.term.recovery.start();
      if (this.election.isLeader()) this.term.seeds?.start();
      if (this.election.isLeader()) this.term.fleet?.start();
    } catch (err) {
      this.deps.logger.error({ err: errorLine(err) }, 'leader could not start its loops; stepping down');
      await this.stopTerm();
      void this.election.resign('could not start discovery and recovery');
    }
  }

  private async stopTerm(): Promise<void> {
    if (!this.acting) return;
    this.acting = false;
    for (const loop of [this.term.fleet, this.term.seeds, this.term.recovery, this.term.discovery]) {
      if (!loop) continue;
      await loop.stop().catch((err: unknown) => this.deps.logger.error({ err: errorLine(err) }, 'stopping a loop failed'));
    }
    this.deps.logger.warn({ reason: this.status().notActing }, 'not acting');
  }
}
