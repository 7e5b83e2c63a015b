import type { ProbeOutcome } from '../discovery/discovery-loop.js';
import type { InstanceKey } from '../model/instance-key.js';

/** What the recovery loop needs from discovery: outcomes as they happen, and probes on demand. */
export interface ProbeScheduler {
  subscribe(listener: (outcome: ProbeOutcome) => void): () => void;
  probeNow(keys: readonly InstanceKey[]): Promise<ProbeOutcome[]>;
}
