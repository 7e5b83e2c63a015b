import { DiscoveryLoop } from '../discovery/discovery-loop.js';
import type { InstanceKey } from '../model/instance-key.js';
import { silentLogger } from '../ports/logger.js';
import type { CommandContext } from './command-context.js';

/**
 * Re-discovers the topology from each changed server after a change, so the store (tree, cluster names and
 * aliases) shows the new shape without waiting for `orc serve`. Every changed server is a seed because a source
 * lists a new replica only once it has connected. Best effort: the change is done, a failed crawl only leaves
 * the store to the next poll.
 */
export async function recrawl(ctx: CommandContext, seeds: readonly InstanceKey[], signal?: AbortSignal): Promise<void> {
  try {
    const loop = new DiscoveryLoop({ ...ctx, logger: silentLogger });
    await loop.load();
    for (const seed of seeds) await loop.crawl(seed, signal);
  } catch {
    // Nothing to undo: the next poll records what this crawl could not.
  }
}
