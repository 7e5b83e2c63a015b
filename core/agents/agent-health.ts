import type { RegisteredAgent } from '../ports/agent-registry.js';

/** True when the agent registered within staleAfterMs of now (a registration is the agent's heartbeat). */
export function agentFresh(agent: RegisteredAgent, now: number, staleAfterMs: number): boolean {
  return now - agent.lastSeenAt <= staleAfterMs;
}

/** Healthy: registered recently, and its server was running when it did. */
export function agentHealthy(agent: RegisteredAgent, now: number, staleAfterMs: number): boolean {
  return agentFresh(agent, now, staleAfterMs) && agent.info.serverRunning;
}
