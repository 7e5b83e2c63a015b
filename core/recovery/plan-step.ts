import type { HookPoint } from '../hooks/hook-points.js';
import type { GtidStart } from '../model/flavor-capabilities.js';
import { formatInstanceKey, type InstanceKey } from '../model/instance-key.js';

/** One action of a recovery plan; actions over several targets run on them concurrently. */
export type StepAction =
  | { readonly kind: 'hook'; readonly point: HookPoint }
  | { readonly kind: 'stop-replica-io'; readonly targets: readonly InstanceKey[] }
  | { readonly kind: 'await-relay-applied'; readonly targets: readonly InstanceKey[]; readonly timeoutMs: number }
  | { readonly kind: 'catch-up'; readonly target: InstanceKey; readonly from: InstanceKey; readonly timeoutMs: number }
  | { readonly kind: 'promote'; readonly target: InstanceKey }
  /** Points replicas at a source by GTID and, unless verifyMs is 0, verifies each replicates from it afterwards. */
  | { readonly kind: 'repoint'; readonly targets: readonly InstanceKey[]; readonly source: InstanceKey; readonly gtidStart: GtidStart; readonly verifyMs: number }
  | { readonly kind: 'stop-replica'; readonly targets: readonly InstanceKey[] }
  | { readonly kind: 'start-replica'; readonly targets: readonly InstanceKey[] }
  /**
   * Sets read_only and, after a change of unknown outcome (timeout, abort), re-reads the server to decide; with
   * `confirm` it re-reads after a success too and sets it again when a late change undid it (rollbacks). A server
   * the store holds fenced is never made writable.
   */
  | { readonly kind: 'set-read-only'; readonly target: InstanceKey; readonly readOnly: boolean; readonly timeoutMs?: number; readonly confirm?: boolean }
  | { readonly kind: 'await-executed'; readonly target: InstanceKey; readonly of: InstanceKey; readonly timeoutMs: number }
  /** Lets replicas execute everything a (read-only) source has executed, bounded; late ones are reported. */
  | { readonly kind: 'drain'; readonly targets: readonly InstanceKey[]; readonly of: InstanceKey; readonly timeoutMs: number }
  /** Records the old primary as fenced: 'pending' before a promotion, 'fenced' once it succeeded. */
  | { readonly kind: 'record-fence'; readonly target: InstanceKey; readonly state: 'pending' | 'fenced' }
  /** Removes this recovery's pending fence (nothing was promoted). */
  | { readonly kind: 'clear-fence'; readonly target: InstanceKey }
  | { readonly kind: 'fence'; readonly target: InstanceKey; readonly timeoutMs: number }
  | { readonly kind: 'rejoin'; readonly target: InstanceKey; readonly source: InstanceKey; readonly gtidStart: GtidStart };

/** A step of a plan: what to do, and whether the plan stops when it fails. */
export interface PlannedStep {
  readonly name: string;
  readonly action: StepAction;
  /** A failed critical step ends the recovery as failed; a non-critical one is recorded and the plan goes on. */
  readonly critical: boolean;
}

/** Names a list of servers for step names: "a:1, b:2". */
export function keysText(keys: readonly InstanceKey[]): string {
  return keys.map(formatInstanceKey).join(', ') || '(none)';
}

/** A readable step name for an action. */
export function stepName(action: StepAction): string {
  switch (action.kind) {
    case 'hook':
      return `hooks ${action.point}`;
    case 'stop-replica-io':
      return `stop IO thread on ${keysText(action.targets)}`;
    case 'await-relay-applied':
      return `apply relay logs on ${keysText(action.targets)}`;
    case 'catch-up':
      return `catch ${formatInstanceKey(action.target)} up from ${formatInstanceKey(action.from)}`;
    case 'promote':
      return `promote ${formatInstanceKey(action.target)} (reset replication, read_only=OFF)`;
    case 'repoint':
      return `repoint ${keysText(action.targets)} to ${formatInstanceKey(action.source)} (${action.gtidStart})`;
    case 'stop-replica':
      return `stop replication on ${keysText(action.targets)}`;
    case 'start-replica':
      return `start replication on ${keysText(action.targets)}`;
    case 'set-read-only':
      return `set read_only=${action.readOnly ? 'ON' : 'OFF'} on ${formatInstanceKey(action.target)}`;
    case 'await-executed':
      return `wait until ${formatInstanceKey(action.target)} executed everything of ${formatInstanceKey(action.of)}`;
    case 'drain':
      return `let ${keysText(action.targets)} execute everything of ${formatInstanceKey(action.of)}`;
    case 'record-fence':
      return action.state === 'pending'
        ? `record ${formatInstanceKey(action.target)} as fenced, pending the promotion`
        : `confirm ${formatInstanceKey(action.target)} as fenced (never primary again)`;
    case 'clear-fence':
      return `remove the pending fence of ${formatInstanceKey(action.target)} (nothing was promoted)`;
    case 'fence':
      return `fence ${formatInstanceKey(action.target)} (read_only, never primary again)`;
    case 'rejoin':
      return `make ${formatInstanceKey(action.target)} a replica of ${formatInstanceKey(action.source)} (${action.gtidStart})`;
  }
}

/** Builds a planned step with its generated name. */
export function step(action: StepAction, critical = true): PlannedStep {
  return { name: stepName(action), action, critical };
}

/** How long a repointed replica may take to show IO and SQL threads running from its new source. */
export const REPOINT_VERIFY_MS = 5_000;
