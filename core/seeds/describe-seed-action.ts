import type { SeedSide } from './seed-method.js';
import type { SeedAction } from './seed-transition.js';

/** The agent an action talks to, or null for orc's own (downtime, ConnectReplica). */
export function seedActionAgent(action: SeedAction): SeedSide | null {
  return 'agent' in action ? action.agent : null;
}

/** A few words naming an action, for history rows and logs ("cleanup on the source agent"). */
export function describeSeedAction(action: SeedAction): string {
  switch (action.kind) {
    case 'begin-downtime':
      return 'putting the target in downtime';
    case 'end-downtime':
      return 'taking the target out of downtime';
    case 'call-stage':
      return `${action.stage} on the ${action.agent} agent`;
    case 'connect-replica':
      return 'connecting the target to the source';
    case 'abort':
      return `abort of ${action.stage} on the ${action.agent} agent`;
    case 'cleanup':
      return `cleanup on the ${action.agent} agent`;
  }
}
