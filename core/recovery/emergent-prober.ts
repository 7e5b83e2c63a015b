import { needsEmergentProbe } from '../analysis/emergent-probe.js';
import type { TopologySnapshot } from '../analysis/topology-snapshot.js';
import type { Clock } from '../ports/clock.js';
import type { ProbeScheduler } from './probe-scheduler.js';

/** How often a suspect and its replicas are re-probed outside their schedule while the suspicion lasts. */
export const EMERGENT_PROBE_INTERVAL_MS = 250;

/** Re-probes a suspect primary and its replicas outside their schedule, at most once per interval per cluster. */
export class EmergentProber {
  private readonly lastAt = new Map<string, number>();

  constructor(
    private readonly scheduler: ProbeScheduler,
    private readonly clock: Pick<Clock, 'monotonic'>,
  ) {}

  /** Asks for the snapshot's emergent probes when it needs them and the cluster's interval has passed. */
  probe(snapshot: TopologySnapshot): void {
    const keys = needsEmergentProbe(snapshot);
    const now = this.clock.monotonic();
    if (keys.length === 0 || now - (this.lastAt.get(snapshot.clusterName) ?? -Infinity) < EMERGENT_PROBE_INTERVAL_MS) return;
    this.lastAt.set(snapshot.clusterName, now);
    // Tracked by discovery (awaited when it stops); outcomes come back through its subscription.
    void this.scheduler.probeNow(keys);
  }
}
