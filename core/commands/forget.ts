import { nanoid } from 'nanoid';
import { formatInstanceKey } from '../model/instance-key.js';
import type { CommandContext } from './command-context.js';
import { knownInstance } from './known-instance.js';

/** What `forget` removed. */
export interface ForgetResult {
  readonly instance: string;
  readonly cluster: string;
}

/**
 * Forget HOST:PORT: removes a known instance's row from orc's view (an unknown one is orc_unknown_instance), audited.
 * Discovery finds it again if a topology still points at it.
 */
export async function forget(ctx: Pick<CommandContext, 'store' | 'clock' | 'actor'>, target: string): Promise<ForgetResult> {
  const record = await knownInstance(ctx.store, target);
  const name = formatInstanceKey(record.key);
  await ctx.store.forgetInstance(record.key);
  await ctx.store.appendAudit({
    id: nanoid(),
    at: ctx.clock.now(),
    actor: ctx.actor,
    action: 'forget',
    target: name,
    cluster: record.clusterName,
    detail: `forgot ${name}`,
    outcome: 'ok',
  });
  return { instance: name, cluster: record.clusterName };
}
