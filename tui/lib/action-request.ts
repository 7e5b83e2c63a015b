import { formatInstanceKey, type InstanceKey } from '../../core/model/instance-key.js';
import { formatAge } from '../../core/model/instance-problems.js';
import { formatRolloutId } from '../../core/rollouts/rollout-id.js';
import type { RolloutKey } from '../../core/rollouts/rollout-key.js';

/** The kinds of action the dashboard offers, one key each. */
export type ActionKind = 'takeover' | 'relocate' | 'begin-downtime' | 'end-downtime' | 'ack' | 'start-seed' | 'abort' | 'pause-rollout';

/** One fully chosen action, as data: what the confirmation shows and the command layer runs. */
export type ActionRequest =
  | { readonly kind: 'takeover'; readonly cluster: string; readonly to: InstanceKey }
  | { readonly kind: 'relocate'; readonly instance: InstanceKey; readonly below: InstanceKey }
  | { readonly kind: 'begin-downtime'; readonly instance: InstanceKey; readonly forMs: number }
  | { readonly kind: 'end-downtime'; readonly instance: InstanceKey }
  | { readonly kind: 'ack'; readonly cluster: string }
  | { readonly kind: 'start-seed'; readonly method: string; readonly source: InstanceKey; readonly target: InstanceKey }
  | { readonly kind: 'abort-seed'; readonly id: string }
  | { readonly kind: 'pause-rollout'; readonly key: RolloutKey }
  | { readonly kind: 'abort-rollout'; readonly key: RolloutKey };

/** Runs a chosen action through the core commands and says what happened in one line; failures throw coded errors. */
export interface DashboardActions {
  /** Who the audit log names as the actor, e.g. "tui:alice". */
  readonly actor: string;
  run(request: ActionRequest, signal: AbortSignal): Promise<string>;
}

/** What an action will do, in the words the confirmation shows before anything happens (pure). */
export function describeAction(request: ActionRequest): string[] {
  switch (request.kind) {
    case 'takeover':
      return [
        `Graceful takeover of cluster ${request.cluster}: promote ${formatInstanceKey(request.to)}.`,
        'The current primary is set read_only, the new one catches up and becomes writable; the old primary replicates from it.',
      ];
    case 'relocate':
      return [`Relocate ${formatInstanceKey(request.instance)} to replicate from ${formatInstanceKey(request.below)}.`, 'Replication on it stops briefly while it is repointed.'];
    case 'begin-downtime':
      return [`Downtime ${formatInstanceKey(request.instance)} for ${formatAge(request.forMs)}.`, 'Automated recovery of it is suppressed until the window ends.'];
    case 'end-downtime':
      return [`End the downtime of ${formatInstanceKey(request.instance)}.`, 'Automated recovery of it applies again at once.'];
    case 'ack':
      return [`Acknowledge every unacknowledged recovery of cluster ${request.cluster}.`, 'This lifts the anti-flap block: orc may recover the cluster automatically again.'];
    case 'start-seed':
      return [
        `Seed ${formatInstanceKey(request.target)} from ${formatInstanceKey(request.source)} with ${request.method}.`,
        `ALL DATA on ${formatInstanceKey(request.target)} is replaced.`,
      ];
    case 'abort-seed':
      return [`Abort seed ${request.id}.`, 'Its agents stop copying and clean up; the target is left unseeded.'];
    case 'pause-rollout':
      return [`Pause rollout ${formatRolloutId(request.key)}.`, 'No new batch starts until it is resumed.'];
    case 'abort-rollout':
      return [`Abort rollout ${formatRolloutId(request.key)}.`, 'Its rolling version is marked bad and every changed target rolls back to the last known good version.'];
  }
}
