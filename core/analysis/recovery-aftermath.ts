import type { InstanceKey } from '../model/instance-key.js';

/**
 * A server a recovery left outside the cluster: a former primary still fenced (not seen again yet), one found
 * diverged (to re-seed), or a replica the failover detached because it could not follow the new primary.
 */
export interface AftermathEntry {
  readonly instance: InstanceKey;
  readonly state: 'fenced' | 'diverged' | 'lost';
  /** The recovery that left it there. */
  readonly recoveryId: string;
  /** The fence verdict or the reason it was lost, as recorded. */
  readonly detail: string;
  /** It holds transactions the new primary lacks (a lost replica that was errant or ahead, or a diverged old primary). */
  readonly dataLoss: boolean;
  /** Epoch ms the server was fenced or detached, when recorded. */
  readonly since?: number;
}
