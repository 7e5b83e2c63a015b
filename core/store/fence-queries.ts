import type { Kysely, Selectable } from 'kysely';
import { StoreError } from '../errors.js';
import { formatInstanceKey, type InstanceKey } from '../model/instance-key.js';
import type { FencedInstance } from '../ports/recovery-store.js';
import { checkFence, FENCE_STATES } from './recovery-store-inputs.js';
import type { FencesTable, StoreDatabase } from './schema.js';
import type { StoreDialect } from './store-dialect.js';
import { keyColumns, numberColumn } from './store-values.js';

type Db = Kysely<StoreDatabase>;

/** Records or replaces the fence of an instance. */
export async function recordFence(db: Db, dialect: StoreDialect, fence: FencedInstance): Promise<void> {
  checkFence(fence);
  const update = {
    cluster: fence.cluster,
    recovery_id: fence.recoveryId,
    fenced_at: fence.fencedAt,
    state: fence.state,
    updated_at: fence.updatedAt,
    detail: fence.detail,
  };
  await dialect.upsert(db, 'orc_fences', { ...keyColumns(fence.instance), ...update }, ['host', 'port'], update);
}

/** Lists fenced instances by host then port. */
export async function listFenced(db: Db): Promise<FencedInstance[]> {
  const rows = await db.selectFrom('orc_fences').selectAll().orderBy('host').orderBy('port').execute();
  return rows.map(fenceOfRow);
}

/** The fence of one instance, read by its primary key; undefined when there is none. */
export async function getFence(db: Db, instance: InstanceKey): Promise<FencedInstance | undefined> {
  const key = keyColumns(instance);
  const row = await db.selectFrom('orc_fences').selectAll().where('host', '=', key.host).where('port', '=', key.port).executeTakeFirst();
  return row && fenceOfRow(row);
}

function fenceOfRow(row: Selectable<FencesTable>): FencedInstance {
  const instance = { host: row.host, port: numberColumn(row.port, 'orc_fences.port') };
  if (!FENCE_STATES.has(row.state)) {
    throw new StoreError(`store: fence of ${formatInstanceKey(instance)} has unknown state "${row.state}"`, { instance: formatInstanceKey(instance) });
  }
  return {
    instance,
    cluster: row.cluster,
    recoveryId: row.recovery_id,
    fencedAt: numberColumn(row.fenced_at, 'orc_fences.fenced_at'),
    state: row.state as FencedInstance['state'],
    updatedAt: numberColumn(row.updated_at, 'orc_fences.updated_at'),
    detail: row.detail,
  };
}

/** Deletes the fence of an instance; false when there was none. */
export async function clearFence(db: Db, instance: InstanceKey): Promise<boolean> {
  const key = keyColumns(instance);
  const result = await db.deleteFrom('orc_fences').where('host', '=', key.host).where('port', '=', key.port).executeTakeFirst();
  return result.numDeletedRows > 0n;
}
