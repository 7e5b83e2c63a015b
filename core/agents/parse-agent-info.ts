import { problemsLine, schemaProblems } from '../config-problems.js';
import { InputError } from '../errors.js';
import type { AgentInfo } from '../ports/agent-client.js';
import { agentInfoSchema, MAX_AGENT_INFO_CHARS } from './agent-info-schema.js';

/** Checks what an agent said of itself: a well-formed, bounded AgentInfo, or InputError naming every problem (what names the source). */
export function parseAgentInfo(value: unknown, what = 'agent info'): AgentInfo {
  const result = agentInfoSchema.safeParse(value);
  if (!result.success) throw new InputError(`${what}: ${problemsLine(schemaProblems(result.error.issues))}`, { problems: schemaProblems(result.error.issues) });
  const length = JSON.stringify(result.data).length;
  if (length > MAX_AGENT_INFO_CHARS) throw new InputError(`${what}: ${length} characters of JSON, more than ${MAX_AGENT_INFO_CHARS}`, { max: MAX_AGENT_INFO_CHARS });
  return result.data;
}
