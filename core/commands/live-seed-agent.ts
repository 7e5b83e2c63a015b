import { agentFresh } from '../agents/agent-health.js';
import { agentServer } from '../agents/agent-server.js';
import { parseAgentInfo } from '../agents/parse-agent-info.js';
import { errorLine } from '../errors.js';
import { formatAge } from '../model/instance-problems.js';
import { formatInstanceKey, sameInstance, type InstanceKey } from '../model/instance-key.js';
import type { AgentInfo } from '../ports/agent-client.js';
import type { RegisteredAgent } from '../ports/agent-registry.js';
import type { SeedCommandContext } from './seed-command-context.js';

/** The agent of one end of a new seed, registered and answering now, or why it cannot be used. */
export type LiveSeedAgent =
  | { readonly ok: true; readonly agent: RegisteredAgent; readonly info: AgentInfo }
  | { readonly ok: false; readonly problem: string };

/**
 * Finds the agent registered for a server and asks it for its info now (bounded by agents.requestTimeoutMs): no
 * registration, a stale one, a failed call, or info about another server each make it unusable, with the reason.
 */
export async function liveSeedAgent(
  ctx: Pick<SeedCommandContext, 'store' | 'clock' | 'config' | 'agentClient'>,
  key: InstanceKey,
  signal?: AbortSignal,
): Promise<LiveSeedAgent> {
  const name = formatInstanceKey(key);
  const agent = await ctx.store.getAgent(key);
  if (!agent) return { ok: false, problem: `no agent registered for ${name}` };
  const { staleAfterMs, requestTimeoutMs } = ctx.config.agents;
  const now = ctx.clock.now();
  if (!agentFresh(agent, now, staleAfterMs)) {
    return { ok: false, problem: `the agent of ${name} last registered ${formatAge(now - agent.lastSeenAt)} ago (stale after ${formatAge(staleAfterMs)})` };
  }
  const timeout = AbortSignal.timeout(requestTimeoutMs);
  let info: AgentInfo;
  try {
    info = parseAgentInfo(await ctx.agentClient.info({ url: agent.url }, signal ? AbortSignal.any([signal, timeout]) : timeout), `info of ${agent.url}`);
  } catch (err) {
    return { ok: false, problem: `the agent of ${name} at ${agent.url}: ${errorLine(err)}` };
  }
  let serves: InstanceKey;
  try {
    serves = agentServer(info.host, info.mysqlPort);
  } catch (err) {
    return { ok: false, problem: `the agent at ${agent.url} names its server wrongly: ${errorLine(err)}` };
  }
  if (!sameInstance(serves, key)) return { ok: false, problem: `the agent at ${agent.url} serves ${formatInstanceKey(serves)}, not ${name}` };
  return { ok: true, agent, info };
}
