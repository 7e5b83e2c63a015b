import { analyze } from '../analysis/analyze.js';
import { needsEmergentProbe } from '../analysis/emergent-probe.js';
import type { Finding } from '../analysis/finding.js';
import { trackProgress, type ProgressHistory } from '../analysis/progress-history.js';
import type { TopologySnapshot } from '../analysis/topology-snapshot.js';
import type { ProbeOutcome } from '../discovery/discovery-loop.js';
import { errorLine } from '../errors.js';
import { formatInstanceKey, type InstanceKey } from '../model/instance-key.js';
import { SupervisedLoop } from '../util/supervised-loop.js';
import { FenceWatcher } from './fence-watcher.js';
import { readGateState } from './gate-state.js';
import { recoverDeadIntermediate } from './recover-dead-intermediate.js';
import { recoverDeadPrimary } from './recover-dead-primary.js';
import { recoveryActionFor } from './recovery-action.js';
import type { RecoveryDeps } from './recovery-deps.js';
import { recoveryGate } from './recovery-gate.js';
import { TopologyView } from './topology-view.js';

/** What the recovery loop needs from discovery: outcomes as they happen, and probes on demand. */
export interface ProbeScheduler {
  subscribe(listener: (outcome: ProbeOutcome) => void): () => void;
  probeNow(keys: readonly InstanceKey[]): Promise<ProbeOutcome[]>;
}

/** How often analysis runs at the latest (it also runs right after every probe outcome). */
export const ANALYSIS_INTERVAL_MS = 100;

/** How often a suspect and its replicas are re-probed outside their schedule while the suspicion lasts. */
export const EMERGENT_PROBE_INTERVAL_MS = 250;

/**
 * Continuous failure analysis and automated recovery: analyzes every cluster on the live in-memory view after each
 * probe, re-probes a primary that looks unreachable together with its replicas at once, confirms the finding on
 * that fresh picture, checks the gates and runs the recovery; keeps demoted primaries fenced. It never acts on a
 * cluster it has not fully probed since it started.
 */
export class RecoveryLoop {
  private readonly view = new TopologyView();
  private readonly fences: FenceWatcher;
  private readonly loop: SupervisedLoop;
  private readonly history = new Map<string, ProgressHistory>();
  private readonly findings = new Map<string, readonly Finding[]>();
  private readonly active = new Map<string, Promise<void>>();
  private readonly refusals = new Map<string, { cluster: string; finding: Finding; reason: string }>();
  private readonly lastEmergent = new Map<string, number>();
  private readonly lastConsidered = new Map<string, number>();
  private fencesReadAt = -Infinity;
  private unsubscribe: (() => void) | null = null;
  private controller = new AbortController();

  constructor(
    private readonly deps: RecoveryDeps,
    private readonly scheduler: ProbeScheduler,
  ) {
    this.fences = new FenceWatcher(deps, this.view);
    this.loop = new SupervisedLoop({ name: 'recovery', intervalMs: ANALYSIS_INTERVAL_MS, logger: deps.logger, clock: deps.clock, run: (s) => this.tick(s) });
  }

  /** Loads the stored picture (not fresh), subscribes to discovery and starts analysing. */
  async start(): Promise<void> {
    this.controller = new AbortController();
    await this.closeAbandonedRecoveries();
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

  /**
   * Ends recoveries left running by an orc that stopped mid-way (only one service acts at a time, and a stopping one
   * waits for its recoveries): their row would otherwise refuse every later recovery of the cluster.
   */
  private async closeAbandonedRecoveries(): Promise<void> {
    for (const record of await this.deps.store.listRecoveries({ limit: 200 })) {
      if (record.status !== 'running') continue;
      const summary = 'abandoned: the orc that ran it stopped before it ended; check the steps and the topology';
      await this.deps.store.finishRecovery(record.id, { status: 'failed', endedAt: this.deps.clock.now(), successor: record.successor, lost: record.lost, summary });
      this.deps.logger.warn({ recovery: record.id, cluster: record.cluster }, summary);
    }
  }

  /** Stops analysis, cancels running recoveries at their next step and waits for them. */
  async stop(): Promise<void> {
    this.unsubscribe?.();
    this.controller.abort();
    await this.loop.stop();
    await Promise.allSettled([...this.active.values()]);
    await this.fences.settle();
  }

  /** Actionable findings the gates refused to recover, with the reason (orchestrator's blocked-recoveries). */
  blockedRecoveries(): { cluster: string; finding: Finding; reason: string }[] {
    return [...this.refusals.values()];
  }

  /** The latest findings per cluster, for status output. */
  latestFindings(): ReadonlyMap<string, readonly Finding[]> {
    return this.findings;
  }

  private async tick(signal: AbortSignal): Promise<void> {
    // Fences change with this loop's own recoveries (re-read right after each) or with a manual failover run
    // elsewhere: re-reading them once per poll interval, when every instance is probed again, is as soon as needed.
    if (this.deps.clock.monotonic() - this.fencesReadAt >= this.deps.config.discovery.pollIntervalMs) {
      await this.fences.refresh();
      this.fencesReadAt = this.deps.clock.monotonic();
    }
    const current = new Set<string>();
    for (const snapshot of await this.snapshots()) {
      if (signal.aborted) return;
      const findings = this.analyzeSnapshot(snapshot);
      this.emergentProbe(snapshot);
      for (const finding of findings) {
        if (recoveryActionFor(finding) === null || this.active.has(snapshot.clusterName)) continue;
        if (this.fences.isFenced(formatInstanceKey(finding.instance))) continue;
        current.add(`${snapshot.clusterName}|${finding.code}|${formatInstanceKey(finding.instance)}`);
        await this.consider(snapshot, finding, signal);
      }
    }
    // A refusal is only news while its finding lasts.
    for (const key of this.refusals.keys()) if (!current.has(key)) this.refusals.delete(key);
  }

  /** Re-probes a suspect primary and its replicas now, at most once per analysis interval per cluster. */
  private emergentProbe(snapshot: TopologySnapshot): void {
    const keys = needsEmergentProbe(snapshot);
    const now = this.deps.clock.monotonic();
    if (keys.length === 0 || now - (this.lastEmergent.get(snapshot.clusterName) ?? -Infinity) < EMERGENT_PROBE_INTERVAL_MS) return;
    this.lastEmergent.set(snapshot.clusterName, now);
    // Tracked by discovery (awaited when it stops); outcomes come back through the subscription.
    void this.scheduler.probeNow(keys);
  }

  private async snapshots(): Promise<TopologySnapshot[]> {
    const aliases = new Map((await this.deps.store.listClusters()).map((c) => [c.name, c.alias]));
    return this.view.snapshots(aliases, this.deps.clock.now());
  }

  private analyzeSnapshot(snapshot: TopologySnapshot): Finding[] {
    const history = trackProgress(this.history.get(snapshot.clusterName) ?? null, snapshot);
    this.history.set(snapshot.clusterName, history);
    const findings = analyze(snapshot, this.deps.config.recovery, snapshot.observedAt, history);
    this.findings.set(snapshot.clusterName, findings);
    return findings;
  }

  private async consider(snapshot: TopologySnapshot, finding: Finding, signal: AbortSignal): Promise<void> {
    const now = this.deps.clock.now();
    const freshness = 3 * this.deps.config.discovery.pollIntervalMs + this.deps.config.topology.probeDeadlineMs;
    if (!this.view.isFresh(snapshot, now, freshness)) return;
    const key = `${snapshot.clusterName}|${finding.code}|${formatInstanceKey(finding.instance)}`;
    // A finding the gates keep refusing is re-examined once per poll interval, not on every tick.
    const lastAt = this.lastConsidered.get(key) ?? -Infinity;
    if (this.refusals.has(key) && this.deps.clock.monotonic() - lastAt < this.deps.config.discovery.pollIntervalMs) return;
    this.lastConsidered.set(key, this.deps.clock.monotonic());
    // Gates first: a refused recovery needs no confirmation probes.
    if (!(await this.gateAllows(snapshot, finding, key, now))) return;
    // Confirm on a picture taken now: the suspect's replicas are re-probed at once, and the suspect too unless its
    // own probe failed within the last poll interval: a hung server would hold the confirmation for a whole timeout.
    const suspect = formatInstanceKey(finding.instance);
    const suspectRecord = snapshot.instances.find((r) => formatInstanceKey(r.key) === suspect);
    const suspectDown = suspectRecord !== undefined && !suspectRecord.reachable && now - suspectRecord.lastCheckedAt <= this.deps.config.discovery.pollIntervalMs;
    await this.scheduler.probeNow(needsEmergentProbe(snapshot).filter((k) => !suspectDown || formatInstanceKey(k) !== suspect));
    const confirmed = (await this.snapshots()).find((s) => s.clusterName === snapshot.clusterName);
    if (!confirmed) return;
    const again = this.analyzeSnapshot(confirmed).find((f) => f.code === finding.code && formatInstanceKey(f.instance) === suspect);
    if (!again || signal.aborted) return;
    if (!(await this.gateAllows(confirmed, again, key, this.deps.clock.now()))) return;
    this.refusals.delete(key);
    this.launch(confirmed, again);
  }

  /** Checks the recovery gates; a refusal is kept (blockedRecoveries) and logged once per distinct reason. */
  private async gateAllows(snapshot: TopologySnapshot, finding: Finding, key: string, now: number): Promise<boolean> {
    const state = await readGateState(this.deps.store, snapshot, finding.instance, now);
    const decision = recoveryGate(finding, this.deps.config.recovery, state, now);
    if (decision.allowed) return true;
    // Reasons carry durations ("12m03s left"); the log line repeats only when the reason itself changes.
    const kind = decision.reason.replace(/\d+/g, '#');
    const previous = this.refusals.get(key);
    this.refusals.set(key, { cluster: snapshot.clusterName, finding, reason: decision.reason });
    if (previous?.reason.replace(/\d+/g, '#') !== kind) {
      this.deps.logger.warn({ cluster: snapshot.clusterName, code: finding.code, reason: decision.reason }, 'not recovering');
    }
    return false;
  }

  private launch(snapshot: TopologySnapshot, finding: Finding): void {
    const signal = this.controller.signal;
    const actor = `orc:${this.deps.orcHost}`;
    const input = { snapshot, failed: finding.instance, trigger: finding.code, actor, description: finding.description };
    const task = (async () => {
      try {
        const record =
          recoveryActionFor(finding) === 'failover'
            ? await recoverDeadPrimary(this.deps, { ...input, kind: 'dead-primary' }, signal)
            : await recoverDeadIntermediate(this.deps, input, signal);
        await this.fences.refresh();
        // See the changed topology at once rather than at the next poll.
        await this.scheduler.probeNow(snapshot.instances.map((r) => r.key));
        this.deps.logger.info({ recovery: record.id, status: record.status, summary: record.summary }, 'recovery finished');
      } catch (err) {
        this.deps.logger.error({ cluster: snapshot.clusterName, err: errorLine(err) }, 'recovery could not start');
      } finally {
        this.active.delete(snapshot.clusterName);
      }
    })();
    this.active.set(snapshot.clusterName, task);
  }
}
