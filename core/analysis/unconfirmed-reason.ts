import { formatInstanceKey } from '../model/instance-key.js';
import type { ReplicaObservation } from './replica-observation.js';

/** Why replicas that stopped hearing from their source do not confirm it dead, with the fix, for a finding's details. */
export function unconfirmedReason(unconfirmed: readonly ReplicaObservation[]): string {
  const names = unconfirmed.map((o) => formatInstanceKey(o.key));
  const one = names.length === 1;
  return (
    `not confirmed: ${names.join(', ')} ${one ? 'has' : 'have'} a heartbeat period too long to tell a hung source ` +
    `from an idle one (see ReplicaSlowHeartbeat); ${names.map((n) => `orc repoint ${n}`).join(', ')} ${one ? 'applies' : 'apply'} orc's heartbeat`
  );
}
