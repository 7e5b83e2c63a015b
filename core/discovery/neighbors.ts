import type { InstanceFacts } from '../model/instance.js';
import type { InstanceKey } from '../model/instance-key.js';

/** Servers a probe result points at: the sources it replicates from and the replicas it reports. */
export function neighborsOf(facts: InstanceFacts): InstanceKey[] {
  return [...facts.replication.map((r) => r.source), ...facts.replicas];
}
