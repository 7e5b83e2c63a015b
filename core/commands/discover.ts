import { nanoid } from 'nanoid';
import { errorLineMessage, UnreachableError } from '../errors.js';
import { formatInstanceKey, parseInstanceKey } from '../model/instance-key.js';
import { DiscoveryLoop, type CrawlResult } from '../discovery/discovery-loop.js';
import { silentLogger } from '../ports/logger.js';
import type { CommandContext } from './command-context.js';
import { clusterTopology, type ClusterTopology } from './cluster-topology.js';

/** What `orc discover` found: the crawl outcome and the resulting cluster tree. */
export interface DiscoverResult {
  readonly crawl: CrawlResult;
  readonly topology: ClusterTopology;
}

/** Crawls the topology around HOST:PORT (up to its primary, down through replicas) into the store. */
export async function discover(ctx: CommandContext, target: string, signal?: AbortSignal): Promise<DiscoverResult> {
  const seed = parseInstanceKey(target);
  const loop = new DiscoveryLoop({ ...ctx, logger: silentLogger });
  await loop.load();
  const crawl = await loop.crawl(seed, signal);
  if (crawl.reached.length === 0) {
    const name = formatInstanceKey(seed);
    // The stored error is "orc_unreachable: host:port: cause": the code and the address are said once, here.
    const cause = crawl.failed[0] ? errorLineMessage(crawl.failed[0].error).replace(`${name}: `, '') : 'no answer';
    throw new UnreachableError(`cannot discover from ${name}: ${cause}`, { instance: name });
  }
  const topology = await clusterTopology(ctx, formatInstanceKey(seed));
  await ctx.store.appendAudit({
    id: nanoid(),
    at: ctx.clock.now(),
    actor: ctx.actor,
    action: 'discover',
    target: formatInstanceKey(seed),
    cluster: topology.cluster.name,
    detail: `reached ${crawl.reached.length}, unreachable ${crawl.failed.length}`,
    outcome: 'ok',
  });
  return { crawl, topology };
}
