import type { TopologySnapshot } from '../analysis/topology-snapshot.js';
import { assignClusters } from '../discovery/assign-clusters.js';
import type { ProbeOutcome } from '../discovery/discovery-loop.js';
import type { InstanceRecord } from '../model/instance.js';
import { formatInstanceKey } from '../model/instance-key.js';
import { sourceOf } from '../model/topology-tree.js';

/**
 * The service's in-memory picture of every instance, fed by probe outcomes as they happen, from which analysis
 * snapshots are cut without a store round trip. It knows which instances were probed since it started, so
 * nothing is decided on a picture older than this process.
 */
export class TopologyView {
  private readonly records = new Map<string, InstanceRecord>();
  private readonly seenSinceStart = new Set<string>();

  /** Seeds the view with stored records (not counted as fresh). */
  load(records: readonly InstanceRecord[]): void {
    for (const r of records) if (!this.records.has(formatInstanceKey(r.key))) this.records.set(formatInstanceKey(r.key), r);
  }

  /** Applies one probe outcome. */
  apply(outcome: ProbeOutcome): void {
    const name = formatInstanceKey(outcome.key);
    const previous = this.records.get(name);
    this.seenSinceStart.add(name);
    if (outcome.ok) {
      const at = outcome.facts.observedAt;
      this.records.set(name, {
        key: outcome.key,
        clusterName: previous?.clusterName ?? name,
        facts: outcome.facts,
        reachable: true,
        lastCheckedAt: at,
        lastSeenAt: at,
        lastError: null,
        firstSeenAt: previous?.firstSeenAt ?? at,
      });
    } else {
      this.records.set(name, {
        key: outcome.key,
        clusterName: previous?.clusterName ?? name,
        facts: previous?.facts ?? null,
        reachable: false,
        lastCheckedAt: outcome.at,
        lastSeenAt: previous?.lastSeenAt ?? null,
        lastError: outcome.error,
        firstSeenAt: previous?.firstSeenAt ?? outcome.at,
      });
    }
  }

  /** The current record of one instance. */
  get(name: string): InstanceRecord | undefined {
    return this.records.get(name);
  }

  /** One snapshot per cluster (membership derived from replication sources), aliases from the given map. */
  snapshots(aliases: ReadonlyMap<string, string | null>, now: number): TopologySnapshot[] {
    const all = [...this.records.values()];
    const assignment = assignClusters(all.map((r) => ({ key: r.key, source: sourceOf(r) })));
    const byCluster = new Map<string, InstanceRecord[]>();
    for (const r of all) {
      const cluster = assignment.get(formatInstanceKey(r.key))!;
      const list = byCluster.get(cluster) ?? [];
      list.push({ ...r, clusterName: cluster });
      byCluster.set(cluster, list);
    }
    return [...byCluster.entries()].map(([clusterName, instances]) => ({
      clusterName,
      alias: aliases.get(clusterName) ?? null,
      instances,
      observedAt: now,
    }));
  }

  /** True when every instance of the snapshot was probed since start, recently enough to act on. */
  isFresh(snapshot: TopologySnapshot, now: number, maxAgeMs: number): boolean {
    return snapshot.instances.every((r) => this.seenSinceStart.has(formatInstanceKey(r.key)) && now - r.lastCheckedAt <= maxAgeMs);
  }
}
