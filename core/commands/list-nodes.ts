import type { OrcNode } from '../model/orc-node.js';
import type { CommandContext } from './command-context.js';

/** A node not seen for this many lease periods is stale: stopped, killed or cut off from the store. */
export const STALE_LEASE_PERIODS = 3;

/** One line of `orc nodes`: a service's health row, how long ago it was seen, and whether that is too long. */
export interface NodeStatus extends OrcNode {
  readonly ageMs: number;
  readonly stale: boolean;
}

/** Every orc service that wrote a health row to the store, most recently seen first, aged against now. */
export async function listNodes(ctx: Pick<CommandContext, 'store' | 'clock' | 'config'>): Promise<NodeStatus[]> {
  const nodes = await ctx.store.listNodes();
  const now = ctx.clock.now();
  const staleAfter = STALE_LEASE_PERIODS * ctx.config.service.leaseMs;
  return nodes.map((n) => {
    const ageMs = Math.max(0, now - n.lastSeenAt);
    return { ...n, ageMs, stale: ageMs > staleAfter };
  });
}
