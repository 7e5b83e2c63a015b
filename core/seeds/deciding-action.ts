import type { SeedAction } from './seed-transition.js';

/** True when the action decides the tick's outcome (call-stage, connect-replica, an abort that is not best effort): its failure is persisted through seedStepFailed. */
export function isDecidingAction(action: SeedAction): boolean {
  return action.kind === 'call-stage' || action.kind === 'connect-replica' || (action.kind === 'abort' && !action.bestEffort);
}
