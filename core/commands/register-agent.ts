import { z } from 'zod';
import { agentServer } from '../agents/agent-server.js';
import { AGENT_URL_LENGTH, agentUrl } from '../agents/agent-url.js';
import { parseAgentInfo } from '../agents/parse-agent-info.js';
import { problemsLine, schemaProblems } from '../config-problems.js';
import { InputError } from '../errors.js';
import { formatInstanceKey, sameInstance } from '../model/instance-key.js';
import type { RegisteredAgent } from '../ports/agent-registry.js';
import type { SeedCommandContext } from './seed-command-context.js';

/** The body an agent registers with (POST /api/agents): where to reach it, the server beside it, and its info. */
const registrationSchema = z.strictObject({
  url: z.string().min(1).max(AGENT_URL_LENGTH),
  host: z.string().min(1).max(255),
  port: z.number().int().min(1).max(65535),
  info: z.unknown(),
});

/**
 * Records an agent's registration (its heartbeat; the caller already checked the agents' token): the body is checked
 * strictly (an http(s) base URL, a valid HOST and port, a bounded AgentInfo that names the same server) and replaces
 * the server's previous registration, stamped with orc's now. Anything malformed is orc_bad_input and stores nothing.
 */
export async function registerAgent(ctx: Pick<SeedCommandContext, 'store' | 'clock'>, body: unknown): Promise<RegisteredAgent> {
  const parsed = registrationSchema.safeParse(body ?? {});
  if (!parsed.success) {
    const problems = schemaProblems(parsed.error.issues);
    throw new InputError(`agent registration: ${problemsLine(problems)}`, { problems });
  }
  const { host, port } = parsed.data;
  const instance = agentServer(host, port);
  const url = agentUrl(parsed.data.url);
  const info = parseAgentInfo(parsed.data.info, 'agent registration: info');
  if (!sameInstance(agentServer(info.host, info.mysqlPort), instance)) {
    throw new InputError(`agent registration: info describes ${info.host}:${info.mysqlPort}, not ${formatInstanceKey(instance)}`, { field: 'info' });
  }
  const agent: RegisteredAgent = { instance, url, lastSeenAt: ctx.clock.now(), info };
  await ctx.store.registerAgent(agent);
  return agent;
}
