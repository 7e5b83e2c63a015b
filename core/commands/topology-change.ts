import { nanoid } from 'nanoid';
import { errorLine, RefusedError } from '../errors.js';
import { formatInstanceKey, type InstanceKey } from '../model/instance-key.js';
import { withMaintenanceLocks } from '../recovery/maintenance-locks.js';
import type { CommandContext } from './command-context.js';

/** A manual change to one or more instances, as audited. */
export interface TopologyChange {
  /** The command name, recorded as the audit action ("relocate"). */
  readonly action: string;
  readonly target: InstanceKey;
  readonly cluster: string | null;
  /** Every instance the change touches; each one's maintenance lock is held while it runs. */
  readonly lockKeys: readonly InstanceKey[];
  /** What is about to happen (the locks' reason and the audit detail). */
  readonly detail: string;
}

/** What a change body returns: its result and the audit detail of what it did. */
export interface ChangeOutcome<T> {
  readonly result: T;
  /** null when the body audited itself (a registered recovery writes its own audit line). */
  readonly detail: string | null;
}

/**
 * Runs a manual change under the maintenance locks of the instances it touches and audits it with the actor:
 * ok, failed, or refused (a lock held by someone else, or a RefusedError from the body's checks, which run under
 * the locks on fresh facts before anything changes). Errors propagate unchanged.
 */
export async function runTopologyChange<T>(
  ctx: Pick<CommandContext, 'store' | 'clock' | 'actor'>,
  change: TopologyChange,
  body: () => Promise<ChangeOutcome<T>>,
): Promise<T> {
  const owner = `${ctx.actor} ${change.action} ${nanoid(8)}`;
  const audit = (outcome: 'ok' | 'refused' | 'failed', detail: string) =>
    ctx.store.appendAudit({
      id: nanoid(),
      at: ctx.clock.now(),
      actor: ctx.actor,
      action: change.action,
      target: formatInstanceKey(change.target),
      cluster: change.cluster,
      detail,
      outcome,
    });
  let outcome: ChangeOutcome<T>;
  try {
    outcome = await withMaintenanceLocks(ctx.store, change.lockKeys, owner, change.detail, () => ctx.clock.now(), body);
  } catch (err) {
    await audit(err instanceof RefusedError ? 'refused' : 'failed', `${change.detail}: ${errorLine(err)}`);
    throw err;
  }
  if (outcome.detail !== null) await audit('ok', outcome.detail);
  return outcome.result;
}
