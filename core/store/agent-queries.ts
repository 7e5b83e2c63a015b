import type { Kysely, Selectable } from 'kysely';
import { parseAgentInfo } from '../agents/parse-agent-info.js';
import { StoreError } from '../errors.js';
import { formatInstanceKey, type InstanceKey } from '../model/instance-key.js';
import type { AgentInfo } from '../ports/agent-client.js';
import type { RegisteredAgent } from '../ports/agent-registry.js';
import { checkRegisteredAgent } from './agent-store-inputs.js';
import type { AgentsTable, StoreDatabase } from './schema.js';
import type { StoreDialect } from './store-dialect.js';
import { keyColumns, numberColumn } from './store-values.js';

type Db = Kysely<StoreDatabase>;

/** Records an agent's registration, replacing the one of the same server. */
export async function registerAgent(db: Db, dialect: StoreDialect, agent: RegisteredAgent): Promise<void> {
  checkRegisteredAgent(agent);
  const update = { url: agent.url, last_seen_at: agent.lastSeenAt, info: JSON.stringify(agent.info) };
  await dialect.upsert(db, 'orc_agents', { ...keyColumns(agent.instance), ...update }, ['host', 'port'], update);
}

/** Every registration by host then port. */
export async function listAgents(db: Db): Promise<RegisteredAgent[]> {
  const rows = await db.selectFrom('orc_agents').selectAll().orderBy('host').orderBy('port').execute();
  return rows.map(agentOfRow);
}

/** The registration of one server's agent, read by its primary key. */
export async function getAgent(db: Db, instance: InstanceKey): Promise<RegisteredAgent | undefined> {
  const key = keyColumns(instance);
  const row = await db.selectFrom('orc_agents').selectAll().where('host', '=', key.host).where('port', '=', key.port).executeTakeFirst();
  return row && agentOfRow(row);
}

/** Removes one server's registration; false when there was none. */
export async function forgetAgent(db: Db, instance: InstanceKey): Promise<boolean> {
  const key = keyColumns(instance);
  const result = await db.deleteFrom('orc_agents').where('host', '=', key.host).where('port', '=', key.port).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

function agentOfRow(row: Selectable<AgentsTable>): RegisteredAgent {
  const instance = { host: row.host, port: numberColumn(row.port, 'orc_agents.port') };
  return { instance, url: row.url, lastSeenAt: numberColumn(row.last_seen_at, 'orc_agents.last_seen_at'), info: infoOf(row.info, instance) };
}

function infoOf(text: string, instance: InstanceKey): AgentInfo {
  try {
    return parseAgentInfo(JSON.parse(text));
  } catch (err) {
    throw new StoreError(`store: the agent of ${formatInstanceKey(instance)} has unreadable info: ${(err as Error).message}`, { instance: formatInstanceKey(instance) });
  }
}
