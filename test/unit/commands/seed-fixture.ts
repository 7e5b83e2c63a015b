import { parseInstanceKey } from '../../../core/model/instance-key.js';
import type { AgentInfo } from '../../../core/ports/agent-client.js';
import { fakeAgentInfo } from '../../support/fake-agent-client.js';
import { makeFacts } from '../../support/facts-builder.js';
import { commandFixture, R2, T0, type CommandFixture } from './command-fixture.js';

/** A fresh standalone server to seed (unknown to the store, answering the probe). */
export const NEW = '127.0.0.1:3320';

/** The agents' token of the seed fixtures. */
export const AGENT_TOKEN = 'agent-token-0123456789';

/** The agent URL of a server in the seed fixture. */
export function agentUrlOf(server: string): string {
  return `http://agent-${parseInstanceKey(server).port}.example:7070`;
}

/** Registers (at the fixture clock's now) and answers for the agent of server, its info changed by over. */
export type AgentSetup = (server: string, over?: Partial<AgentInfo>) => Promise<void>;

/** The seed fixture: the command fixture with NEW answering probes, and agents of R2 (the usual source) and NEW registered and answering. */
export interface SeedFixture extends CommandFixture {
  readonly agent: AgentSetup;
}

/** Makes a command fixture ready to seed: NEW answers probes, the agents of R2 and NEW are registered and answer. */
export async function prepareSeeding(f: CommandFixture): Promise<AgentSetup> {
  f.probe.set(makeFacts(NEW, { serverId: 9, at: T0 }));
  const agent: AgentSetup = async (server, over = {}) => {
    const key = parseInstanceKey(server);
    const info = fakeAgentInfo(key.host, key.port, over);
    await f.store.registerAgent({ instance: key, url: agentUrlOf(server), lastSeenAt: f.ctx.clock.now(), info });
    f.agents.setInfo(agentUrlOf(server), info);
  };
  await agent(R2);
  await agent(NEW);
  return agent;
}

/** Builds the seed fixture; the source R2 replicates from P with log_slave_updates on. */
export async function seedFixture(config: Record<string, unknown> = {}): Promise<SeedFixture> {
  const f = await commandFixture({ config: { agents: { token: AGENT_TOKEN }, ...config } });
  return { ...f, agent: await prepareSeeding(f) };
}
