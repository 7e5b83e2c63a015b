import type { AgentEndpoint } from '../ports/agent-client.js';
import { connectReplica } from './connect-replica.js';
import type { SeedAgents } from './seed-agents.js';
import { beginSeedDowntime, endSeedDowntime } from './seed-downtime.js';
import type { SeedTickerDeps } from './seed-ticker-deps.js';
import type { SeedAction } from './seed-transition.js';
import type { Seed } from './seed.js';
import { stageRequest } from './stage-request.js';

/** What one seed's tick acts with: the seed as it was before the tick, its agents, the ports, the tick's time. */
export interface SeedActionContext {
  readonly seed: Seed;
  readonly agents: SeedAgents;
  readonly deps: SeedTickerDeps;
  readonly now: number;
  readonly signal: AbortSignal;
}

/**
 * Runs one action of a seed's tick through the ports (cleanup is the agent's abort: it puts its host back and
 * forgets the seed); resolves with a note for the seed's history (null when the transition's row says it all),
 * rejects with the error when the action failed.
 */
export async function runSeedAction(action: SeedAction, ctx: SeedActionContext): Promise<string | null> {
  const { seed, agents, deps, now, signal } = ctx;
  switch (action.kind) {
    case 'begin-downtime':
      return beginSeedDowntime(deps.store, action.instance, action.until, action.reason, now);
    case 'end-downtime':
      return endSeedDowntime(deps.store, seed, action.instance, now);
    case 'call-stage': {
      const endpoints: Record<'source' | 'target', AgentEndpoint> = { source: await agents.endpoint('source'), target: await agents.endpoint('target') };
      await deps.agentClient.startStage(endpoints[action.agent], stageRequest(seed, action.stage, action.agent, endpoints), signal);
      return null;
    }
    case 'connect-replica':
      return connectReplica(seed, agents, deps, signal);
    case 'abort':
    case 'cleanup':
      await deps.agentClient.abort(await agents.endpoint(action.agent), seed.id, signal);
      return null;
  }
}
