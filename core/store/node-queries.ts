import type { Kysely, Selectable } from 'kysely';
import { InputError } from '../errors.js';
import type { OrcNode } from '../model/orc-node.js';
import { HOST_LENGTH, NAME_LENGTH, type NodesTable, type StoreDatabase } from './schema.js';
import type { StoreDialect } from './store-dialect.js';
import { boundedText, epochMs, keyText, numberColumn } from './store-values.js';

type Db = Kysely<StoreDatabase>;

/** Longest version text a node row holds. */
const VERSION_LENGTH = 64;

/** Checks a node row the way every Store must (the SQL stores and the in-memory fake alike). */
export function checkNode(node: OrcNode): void {
  keyText(node.holder, NAME_LENGTH, 'node holder');
  keyText(node.host, HOST_LENGTH, 'node host');
  boundedText(node.version, VERSION_LENGTH, 'node version');
  if (!Number.isSafeInteger(node.pid) || node.pid < 0) throw new InputError(`store: node pid must be a whole number >= 0, got ${node.pid}`, { pid: node.pid });
  if (node.role !== 'leader' && node.role !== 'follower') throw new InputError(`store: node role must be leader or follower, got ${String(node.role)}`, { role: node.role });
  epochMs(node.startedAt, 'node startedAt');
  epochMs(node.lastSeenAt, 'node lastSeenAt');
}

/** Inserts or replaces one service's health row. */
export async function recordNodeHeartbeat(db: Db, dialect: StoreDialect, node: OrcNode): Promise<void> {
  checkNode(node);
  const row = {
    holder: node.holder,
    host: node.host,
    pid: node.pid,
    version: node.version,
    started_at: node.startedAt,
    last_seen_at: node.lastSeenAt,
    role: node.role,
  };
  const { holder: _key, ...update } = row;
  await dialect.upsert(db, 'orc_nodes', row, ['holder'], update);
}

/** Every health row, most recently seen first (then by holder, so the order is stable). */
export async function listNodes(db: Db): Promise<OrcNode[]> {
  const rows = await db.selectFrom('orc_nodes').selectAll().orderBy('last_seen_at', 'desc').orderBy('holder').execute();
  return rows.map(toNode);
}

/** Deletes the rows last seen before seenBefore; returns how many went. */
export async function forgetNodes(db: Db, seenBefore: number): Promise<number> {
  epochMs(seenBefore, 'seenBefore');
  const result = await db.deleteFrom('orc_nodes').where('last_seen_at', '<', seenBefore).executeTakeFirst();
  return Number(result.numDeletedRows);
}

function toNode(row: Selectable<NodesTable>): OrcNode {
  return {
    holder: row.holder,
    host: row.host,
    pid: numberColumn(row.pid, 'orc_nodes.pid'),
    version: row.version,
    startedAt: numberColumn(row.started_at, 'orc_nodes.started_at'),
    lastSeenAt: numberColumn(row.last_seen_at, 'orc_nodes.last_seen_at'),
    role: row.role === 'leader' ? 'leader' : 'follower',
  };
}
