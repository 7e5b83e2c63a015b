import { formatInstanceKey } from '../model/instance-key.js';
import type { ReplicaObservation } from './replica-observation.js';

/** Why replicas that stopped hearing from their source do not confirm it dead, with the fix, for a finding's details. */
export function unconfirmedReason(unconfirmed: readonly ReplicaObservation[]): string {
  const reasons: string[] = [];
  const slow = unconfirmed.filter((o) => o.cannotConfirm).map((o) => formatInstanceKey(o.key));
  if (slow.length > 0) {
    const one = slow.length === 1;
    reasons.push(
      `${slow.join(', ')} ${one ? 'has' : 'have'} a heartbeat period too long to tell a hung source ` +
        `from an idle one (see ReplicaSlowHeartbeat); ${slow.map((n) => `orc repoint ${n}`).join(', ')} ${one ? 'applies' : 'apply'} orc's heartbeat`,
    );
  }
  const booted = unconfirmed.filter((o) => o.notConnectedSinceStart).map((o) => formatInstanceKey(o.key));
  if (booted.length > 0) {
    reasons.push(
      `${booted.join(', ')} ${booted.length === 1 ? 'has' : 'have'} not reached the source since ${booted.length === 1 ? 'it' : 'they'} ` +
        'started (a cluster coming back from a restart?): orc waits for the source; `orc failover CLUSTER` fails it over',
    );
  }
  return `not confirmed: ${reasons.join('; ')}`;
}
