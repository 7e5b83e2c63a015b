import type { Finding } from '../analysis/finding.js';
import type { TopologySnapshot } from '../analysis/topology-snapshot.js';
import { errorLine } from '../errors.js';
import { formatInstanceKey } from '../model/instance-key.js';
import { SupervisedLoop } from '../util/supervised-loop.js';
import { ClusterAnalyzer } from './cluster-analyzer.js';
import { EmergentProber } from './emergent-prober.js';
import { FailureConfirmer } from './failure-confirmer.js';
import { FenceWatcher } from './fence-watcher.js';
import { readGateState } from './gate-state.js';
import type { ProbeScheduler } from './probe-scheduler.js';
import { recoveryActionFor } from './recovery-action.js';
import type { RecoveryDeps } from './recovery-deps.js';
import { recoveryGate, type GateDecision } from './recovery-gate.js';
import { RecoveryLauncher } from './recovery-launcher.js';
import { RecoveryResumer } from './recovery-resumer.js';
import { RefusalLog, type Refusal } from './refusal-log.js';
import { TopologyView } from './topology-view.js';

export type { ProbeScheduler } from './probe-scheduler.js';
export { EMERGENT_PROBE_INTERVAL_MS } from './emergent-prober.js';

/** How often analysis runs at the latest (it also runs right after every probe outcome that looks wrong). */
export const ANALYSIS_INTERVAL_MS = 100;

/**
 * Continuous failure analysis and automated recovery, composed of named parts: the live view fed by discovery,
 * per-cluster analysis (ClusterAnalyzer), emergent re-probes (EmergentProber), confirmation on a fresh picture
 * (FailureConfirmer), the gates and their refusals (RefusalLog), the recoveries in flight (RecoveryLauncher),
 * the takeover of recoveries whose runner stopped (RecoveryResumer) and the fences of demoted primaries
 * (FenceWatcher). It never acts on a cluster it has not fully probed since it started, and one cluster's
 * confirmation or failure never holds up another.
 */
export class RecoveryLoop {
  private readonly view = new TopologyView();
  private readonly fences: FenceWatcher;
  private readonly loop: SupervisedLoop;
  private readonly analyzer: ClusterAnalyzer;
  private readonly prober: EmergentProber;
  private readonly confirmer: FailureConfirmer;
  private readonly refusals: RefusalLog;
  private readonly launcher: RecoveryLauncher;
  private readonly resumer: RecoveryResumer;
  /** Clusters whose finding is being gated and confirmed right now (one consideration per cluster at a time). */
  private readonly considering = new Map<string, Promise<void>>();
  private fencesReadAt = -Infinity;
  private unsubscribe: (() => void) | null = null;
  private controller = new AbortController();

  constructor(
    private readonly deps: RecoveryDeps,
    private readonly scheduler: ProbeScheduler,
  ) {
    const { config, clock, logger } = deps;
    this.fences = new FenceWatcher(deps, this.view);
    this.analyzer = new ClusterAnalyzer(config.recovery, logger);
    this.prober = new EmergentProber(scheduler, clock);
    this.confirmer = new FailureConfirmer(scheduler, this.analyzer, (c) => this.snapshotOf(c), config.discovery.pollIntervalMs);
    this.refusals = new RefusalLog(clock, logger, config.discovery.pollIntervalMs);
    this.launcher = new RecoveryLauncher(deps, async (touched) => {
      await this.fences.refresh();
      // See the changed topology at once rather than at the next poll.
      await this.scheduler.probeNow(touched);
    });
    this.resumer = new RecoveryResumer(deps, this.launcher);
    this.loop = new SupervisedLoop({ name: 'recovery', intervalMs: ANALYSIS_INTERVAL_MS, logger, clock, run: (s) => this.tick(s) });
  }

  /** Loads the stored picture (not fresh), subscribes to discovery and starts analysing. */
  async start(): Promise<void> {
    this.controller = new AbortController();
    this.view.load(await this.deps.store.listInstances());
    await this.fences.refresh();
    this.unsubscribe = this.scheduler.subscribe((outcome) => {
      this.view.apply(outcome);
      this.fences.onOutcome(outcome, this.controller.signal);
      // Analyse at once when something looks wrong; healthy outcomes wait for the next interval.
      if (!outcome.ok || outcome.facts.replication.some((c) => c.ioState !== 'yes' || !c.sqlRunning)) this.loop.trigger();
    });
    this.loop.start();
  }

  /** Stops analysis, cancels running recoveries at their next step and waits for them. */
  async stop(): Promise<void> {
    this.unsubscribe?.();
    this.controller.abort();
    await this.loop.stop();
    await Promise.allSettled([...this.considering.values()]);
    await this.launcher.settle();
    await this.fences.settle();
  }

  /** Actionable findings the gates refused to recover, with the reason (orchestrator's blocked-recoveries). */
  blockedRecoveries(): Refusal[] {
    return this.refusals.list();
  }

  /** The latest findings per cluster, for status output. */
  latestFindings(): ReadonlyMap<string, readonly Finding[]> {
    return this.analyzer.latest();
  }

  /** Clusters whose latest analysis failed, with the error (the other clusters are analysed as usual). */
  analysisFailures(): ReadonlyMap<string, string> {
    return this.analyzer.failures();
  }

  private async tick(signal: AbortSignal): Promise<void> {
    // Fences change with this loop's own recoveries (re-read right after each) or with a manual failover run
    // elsewhere: re-reading them once per poll interval, when every instance is probed again, is as soon as needed.
    if (this.deps.clock.monotonic() - this.fencesReadAt >= this.deps.config.discovery.pollIntervalMs) {
      await this.fences.refresh();
      this.fencesReadAt = this.deps.clock.monotonic();
    }
    await this.resumer.review().catch((err: unknown) => this.deps.logger.warn({ err: errorLine(err) }, 'looking for stale recoveries failed'));
    const current = new Set<string>();
    for (const snapshot of await this.snapshots()) {
      if (signal.aborted) return;
      const cluster = snapshot.clusterName;
      const findings = this.analyzer.analyze(snapshot).filter((f) => recoveryActionFor(f) !== null);
      this.prober.probe(snapshot);
      if (findings.length === 0 || this.launcher.isActive(cluster)) continue;
      for (const f of findings) current.add(findingKey(cluster, f));
      if (this.considering.has(cluster)) continue;
      const task = this.considerAll(snapshot, findings, signal)
        .catch((err: unknown) => this.deps.logger.error({ cluster, err: errorLine(err) }, 'considering a recovery failed'))
        .finally(() => this.considering.delete(cluster));
      this.considering.set(cluster, task);
    }
    this.refusals.keepOnly(current);
  }

  /** Considers a cluster's actionable findings in order until one is launched. */
  private async considerAll(snapshot: TopologySnapshot, findings: readonly Finding[], signal: AbortSignal): Promise<void> {
    for (const finding of findings) {
      if (signal.aborted || (await this.consider(snapshot, finding, signal))) return;
    }
  }

  /** Gates, confirms and launches one finding; true when a recovery was launched. */
  private async consider(snapshot: TopologySnapshot, finding: Finding, signal: AbortSignal): Promise<boolean> {
    const { config, clock } = this.deps;
    const now = clock.now();
    const freshness = 3 * config.discovery.pollIntervalMs + config.topology.probeDeadlineMs;
    if (!this.view.isFresh(snapshot, now, freshness)) return false;
    const key = findingKey(snapshot.clusterName, finding);
    if (!this.refusals.review(key)) return false;
    // Gates first: a refused recovery needs no confirmation probes.
    if (!(await this.gateAllows(snapshot, finding, key, now))) return false;
    const confirmed = await this.confirmer.confirm(snapshot, finding, now);
    if (!confirmed || signal.aborted) return false;
    if (!(await this.gateAllows(confirmed.snapshot, confirmed.finding, key, clock.now()))) return false;
    if (this.launcher.isActive(snapshot.clusterName)) return false;
    this.refusals.clear(key);
    this.launcher.launch(confirmed.snapshot, confirmed.finding, this.controller.signal);
    return true;
  }

  /**
   * Checks the recovery gates on the state `orc analysis` shows too; a refusal is kept and logged. A gate state
   * that cannot be read (a bad stored row) refuses this cluster's recovery with the error; other clusters go on.
   */
  private async gateAllows(snapshot: TopologySnapshot, finding: Finding, key: string, now: number): Promise<boolean> {
    let decision: GateDecision;
    try {
      const state = await readGateState(this.deps.store, this.deps.config, snapshot, finding.instance, now);
      decision = recoveryGate(finding, this.deps.config.recovery, state, now);
    } catch (err) {
      decision = { allowed: false, reason: `the recovery gates cannot be checked: ${errorLine(err)}` };
    }
    if (decision.allowed) return true;
    this.refusals.refuse(key, { cluster: snapshot.clusterName, finding, reason: decision.reason });
    return false;
  }

  private async snapshots(): Promise<TopologySnapshot[]> {
    const aliases = new Map((await this.deps.store.listClusters()).map((c) => [c.name, c.alias]));
    return this.view.snapshots(aliases, this.deps.clock.now());
  }

  private async snapshotOf(cluster: string): Promise<TopologySnapshot | undefined> {
    return (await this.snapshots()).find((s) => s.clusterName === cluster);
  }
}

function findingKey(cluster: string, finding: Finding): string {
  return `${cluster}|${finding.code}|${formatInstanceKey(finding.instance)}`;
}
