import { nanoid } from 'nanoid';
import { formatInstanceKey, parseInstanceKey } from '../model/instance-key.js';
import type { CommandContext } from './command-context.js';

/** `orc downtime end HOST:PORT`: ends an instance's downtime; false when it had none. Audited when one ended. */
export async function endDowntime(ctx: CommandContext, target: string): Promise<boolean> {
  const key = parseInstanceKey(target);
  const ended = await ctx.store.endDowntime(key);
  if (ended) {
    const record = await ctx.store.getInstance(key);
    await ctx.store.appendAudit({
      id: nanoid(),
      at: ctx.clock.now(),
      actor: ctx.actor,
      action: 'end-downtime',
      target: formatInstanceKey(key),
      cluster: record?.clusterName ?? null,
      detail: 'downtime ended',
      outcome: 'ok',
    });
  }
  return ended;
}
