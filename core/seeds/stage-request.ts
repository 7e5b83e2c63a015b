import type { AgentEndpoint, SeedPeer, StageRequest } from '../ports/agent-client.js';
import type { SeedSide } from './seed-method.js';
import type { SeedStage } from './seed-stage.js';
import type { Seed } from './seed.js';

/** What orc tells the side's agent when it calls the seed's stage: both ends with their servers and agents. */
export function stageRequest(seed: Seed, stage: SeedStage, side: SeedSide, agents: Readonly<Record<SeedSide, AgentEndpoint>>): StageRequest {
  const peer = (s: SeedSide): SeedPeer => ({ host: seed[s].host, port: seed[s].port, agentUrl: agents[s].url });
  return { seedId: seed.id, stage, method: seed.method, side, source: peer('source'), target: peer('target') };
}
