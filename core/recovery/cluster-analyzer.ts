import { analyze, type AnalysisPolicy } from '../analysis/analyze.js';
import type { Finding } from '../analysis/finding.js';
import { trackProgress, type ProgressHistory } from '../analysis/progress-history.js';
import type { TopologySnapshot } from '../analysis/topology-snapshot.js';
import { errorLine } from '../errors.js';
import type { Logger } from '../ports/logger.js';

/**
 * Analyses one cluster at a time, keeping each cluster's progress history and latest findings. A cluster whose
 * analysis throws (a bad stored row, say) gets no findings and its error is kept and logged once per distinct
 * error; every other cluster is analysed as usual. A cluster left without a writable primary is logged as critical.
 */
export class ClusterAnalyzer {
  private readonly history = new Map<string, ProgressHistory>();
  private readonly findings = new Map<string, readonly Finding[]>();
  private readonly errors = new Map<string, string>();
  private readonly headless = new Set<string>();

  constructor(
    private readonly policy: AnalysisPolicy,
    private readonly logger: Logger,
  ) {}

  /** The snapshot's findings (empty when its analysis failed). */
  analyze(snapshot: TopologySnapshot): readonly Finding[] {
    const cluster = snapshot.clusterName;
    try {
      const history = trackProgress(this.history.get(cluster) ?? null, snapshot);
      const findings = analyze(snapshot, this.policy, snapshot.observedAt, history);
      this.history.set(cluster, history);
      this.findings.set(cluster, findings);
      this.errors.delete(cluster);
      this.noteHeadless(cluster, findings);
      return findings;
    } catch (err) {
      const message = errorLine(err);
      if (this.errors.get(cluster) !== message) this.logger.error({ cluster, err: message }, 'analysis of a cluster failed; other clusters go on');
      this.errors.set(cluster, message);
      this.findings.delete(cluster);
      return [];
    }
  }

  /** Logs once when a cluster is left without a writable primary, and once when it has one again. */
  private noteHeadless(cluster: string, findings: readonly Finding[]): void {
    const headless = findings.find((f) => f.code === 'HeadlessCluster');
    if (headless && !this.headless.has(cluster)) {
      this.headless.add(cluster);
      this.logger.error({ cluster, reason: headless.details.reason, fix: headless.details.fix }, 'CRITICAL: cluster has no writable primary');
    } else if (!headless && this.headless.delete(cluster)) {
      this.logger.info({ cluster }, 'cluster has a writable primary again');
    }
  }

  /** The latest findings per cluster. */
  latest(): ReadonlyMap<string, readonly Finding[]> {
    return this.findings;
  }

  /** Clusters whose latest analysis failed, with the error. */
  failures(): ReadonlyMap<string, string> {
    return this.errors;
  }
}
