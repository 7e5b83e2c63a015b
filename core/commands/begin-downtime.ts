import { nanoid } from 'nanoid';
import { InputError } from '../errors.js';
import { formatInstanceKey } from '../model/instance-key.js';
import type { Downtime } from '../ports/recovery-store.js';
import type { CommandContext } from './command-context.js';
import { knownInstance } from './known-instance.js';

/**
 * `orc downtime begin HOST:PORT --for 30m --reason TEXT`: suppresses automated recovery of a known instance for a
 * while (its analysis still shows); replaces a running window. Audited.
 */
export async function beginDowntime(ctx: CommandContext, target: string, durationMs: number, reason: string): Promise<Downtime> {
  const record = await knownInstance(ctx.store, target);
  if (reason.trim() === '') throw new InputError('a downtime needs a reason (--reason TEXT)', { field: 'reason' });
  if (!Number.isSafeInteger(durationMs) || durationMs <= 0) throw new InputError(`downtime duration must be a positive number of ms, got ${durationMs}`, { field: 'for' });
  const now = ctx.clock.now();
  const downtime: Downtime = { instance: record.key, owner: ctx.actor, reason: reason.trim(), beganAt: now, until: now + durationMs };
  await ctx.store.beginDowntime(downtime);
  await ctx.store.appendAudit({
    id: nanoid(),
    at: now,
    actor: ctx.actor,
    action: 'begin-downtime',
    target: formatInstanceKey(record.key),
    cluster: record.clusterName,
    detail: `until ${new Date(downtime.until).toISOString()}: ${downtime.reason}`,
    outcome: 'ok',
  });
  return downtime;
}
