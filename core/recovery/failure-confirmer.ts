import { needsEmergentProbe } from '../analysis/emergent-probe.js';
import type { Finding } from '../analysis/finding.js';
import type { TopologySnapshot } from '../analysis/topology-snapshot.js';
import { formatInstanceKey } from '../model/instance-key.js';
import type { ClusterAnalyzer } from './cluster-analyzer.js';
import type { ProbeScheduler } from './probe-scheduler.js';

/** A finding seen again on a picture taken just now. */
export interface ConfirmedFinding {
  readonly snapshot: TopologySnapshot;
  readonly finding: Finding;
}

/**
 * Confirms a finding on a fresh picture before anything acts on it: the suspect's replicas are re-probed at once,
 * and the suspect too unless its own probe failed within the last poll interval (a hung server would hold the
 * confirmation for a whole timeout); then the cluster is analysed again. Confirmations of different clusters run
 * side by side: nothing here waits on another cluster.
 */
export class FailureConfirmer {
  constructor(
    private readonly scheduler: ProbeScheduler,
    private readonly analyzer: ClusterAnalyzer,
    private readonly snapshotOf: (cluster: string) => Promise<TopologySnapshot | undefined>,
    private readonly pollIntervalMs: number,
  ) {}

  /** The finding as seen again now, or null when the fresh picture no longer shows it. */
  async confirm(snapshot: TopologySnapshot, finding: Finding, now: number): Promise<ConfirmedFinding | null> {
    const suspect = formatInstanceKey(finding.instance);
    const record = snapshot.instances.find((r) => formatInstanceKey(r.key) === suspect);
    const suspectDown = record !== undefined && !record.reachable && now - record.lastCheckedAt <= this.pollIntervalMs;
    await this.scheduler.probeNow(needsEmergentProbe(snapshot).filter((k) => !suspectDown || formatInstanceKey(k) !== suspect));
    const fresh = await this.snapshotOf(snapshot.clusterName);
    if (!fresh) return null;
    const again = this.analyzer.analyze(fresh).find((f) => f.code === finding.code && formatInstanceKey(f.instance) === suspect);
    return again ? { snapshot: fresh, finding: again } : null;
  }
}
