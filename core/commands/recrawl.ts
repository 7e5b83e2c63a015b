import { DiscoveryLoop } from '../discovery/discovery-loop.js';
import type { InstanceKey } from '../model/instance-key.js';
import { silentLogger } from '../ports/logger.js';
import type { CommandContext } from './command-context.js';

/**
 * Re-discovers the topology around seed after a change, so the store (tree, cluster names and aliases) shows the
 * new shape without waiting for `orc serve`. Best effort: the change is done, a failed crawl only leaves the
 * store to the next poll.
 */
export async function recrawl(ctx: CommandContext, seed: InstanceKey, signal?: AbortSignal): Promise<void> {
  try {
    const loop = new DiscoveryLoop({ ...ctx, logger: silentLogger });
    await loop.load();
    await loop.crawl(seed, signal);
  } catch {
    // Nothing to undo: the next poll records what this crawl could not.
  }
}
