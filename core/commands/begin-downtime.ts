import { nanoid } from 'nanoid';
import { InputError } from '../errors.js';
import { formatInstanceKey } from '../model/instance-key.js';
import { formatInstant } from '../model/instant.js';
import type { Downtime } from '../ports/recovery-store.js';
import type { CommandContext } from './command-context.js';
import { knownInstance } from './known-instance.js';
import { describeDuration } from './parse-duration.js';

/** The longest downtime orc takes: a year (a longer one is a decommission, or a typo). */
export const MAX_DOWNTIME_MS = 365 * 86_400_000;

/** How long a downtime lasts: for a duration from now, or until an instant. */
export type DowntimeWindow = { readonly forMs: number } | { readonly until: number };

/**
 * `orc downtime begin HOST:PORT --for 30m|--until DATE --reason TEXT`: suppresses automated recovery of a known
 * instance for a while (its analysis still shows); replaces a running window. The window must end after now and
 * within MAX_DOWNTIME_MS, else nothing is stored. Audited.
 */
export async function beginDowntime(ctx: CommandContext, target: string, window: DowntimeWindow, reason: string): Promise<Downtime> {
  const record = await knownInstance(ctx.store, target);
  if (reason.trim() === '') throw new InputError('a downtime needs a reason (--reason TEXT)', { field: 'reason' });
  const now = ctx.clock.now();
  const until = downtimeEnd(window, now);
  const downtime: Downtime = { instance: record.key, owner: ctx.actor, reason: reason.trim(), beganAt: now, until };
  await ctx.store.beginDowntime(downtime);
  await ctx.store.appendAudit({
    id: nanoid(),
    at: now,
    actor: ctx.actor,
    action: 'begin-downtime',
    target: formatInstanceKey(record.key),
    cluster: record.clusterName,
    detail: `until ${formatInstant(downtime.until)}: ${downtime.reason}`,
    outcome: 'ok',
  });
  return downtime;
}

function downtimeEnd(window: DowntimeWindow, now: number): number {
  const max = describeDuration(MAX_DOWNTIME_MS);
  if ('forMs' in window) {
    const ms = window.forMs;
    if (!Number.isSafeInteger(ms) || ms <= 0 || ms > MAX_DOWNTIME_MS) {
      throw new InputError(`--for: a downtime lasts a positive whole number of ms up to ${max}, got ${ms}`, { field: 'for', value: ms });
    }
    return now + ms;
  }
  const until = window.until;
  if (!Number.isSafeInteger(until) || until <= now || until - now > MAX_DOWNTIME_MS) {
    throw new InputError(`--until ${formatInstant(until)}: a downtime ends after now and within ${max}`, { field: 'until', value: until });
  }
  return until;
}
