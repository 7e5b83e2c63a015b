import type { InstanceFacts } from '../model/instance.js';
import type { InstanceKey } from '../model/instance-key.js';

/** Reads one server's replication facts; throws UnreachableError when it cannot. */
export interface Probe {
  /** Probes one server within the configured deadlines; the signal cancels it down to the query. */
  probe(key: InstanceKey, signal?: AbortSignal): Promise<InstanceFacts>;
  /** Closes every connection the probe holds. */
  close(): Promise<void>;
}
