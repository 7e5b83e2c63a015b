import { agentUrl } from '../agents/agent-url.js';
import { parseAgentInfo } from '../agents/parse-agent-info.js';
import { InputError } from '../errors.js';
import type { RegisteredAgent } from '../ports/agent-registry.js';
import { HOST_LENGTH } from './schema.js';
import { epochMs, keyText } from './store-values.js';

/**
 * Checks a registration before it is written, the same way in every AgentRegistry (SQL and in-memory): the instance
 * key, an http(s) base URL, whole-ms lastSeenAt and a well-formed, bounded info; InputError (orc_bad_input) otherwise.
 */
export function checkRegisteredAgent(agent: RegisteredAgent): void {
  keyText(agent.instance.host, HOST_LENGTH, 'agent host');
  const port = agent.instance.port;
  if (!Number.isSafeInteger(port) || port < 1 || port > 65535) throw new InputError(`store: agent port must be 1 to 65535, got ${port}`, { field: 'port' });
  if (agentUrl(agent.url) !== agent.url) throw new InputError(`store: agent url "${agent.url}" is not in canonical form (scheme://host[:port])`, { field: 'url' });
  epochMs(agent.lastSeenAt, 'agent lastSeenAt');
  parseAgentInfo(agent.info, 'store: agent info');
}
