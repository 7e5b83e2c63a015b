import type { Kysely } from 'kysely';
import type { InstanceKey } from '../model/instance-key.js';
import type { Downtime } from '../ports/recovery-store.js';
import { checkDowntime } from './recovery-store-inputs.js';
import type { StoreDatabase } from './schema.js';
import type { StoreDialect } from './store-dialect.js';
import { epochMs, keyColumns, numberColumn } from './store-values.js';

type Db = Kysely<StoreDatabase>;

/** Starts or replaces the downtime window of an instance. */
export async function beginDowntime(db: Db, dialect: StoreDialect, downtime: Downtime): Promise<void> {
  checkDowntime(downtime);
  const update = { owner: downtime.owner, reason: downtime.reason, began_at: downtime.beganAt, ends_at: downtime.until };
  await dialect.upsert(db, 'orc_downtime', { ...keyColumns(downtime.instance), ...update }, ['host', 'port'], update);
}

/** Deletes the downtime window of an instance; false when there was none. */
export async function endDowntime(db: Db, instance: InstanceKey): Promise<boolean> {
  const key = keyColumns(instance);
  const result = await db.deleteFrom('orc_downtime').where('host', '=', key.host).where('port', '=', key.port).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** Lists the windows still active at now (until > now), by host then port. */
export async function listDowntime(db: Db, now: number): Promise<Downtime[]> {
  epochMs(now, 'now');
  const rows = await db.selectFrom('orc_downtime').selectAll().where('ends_at', '>', now).orderBy('host').orderBy('port').execute();
  return rows.map((row) => ({
    instance: { host: row.host, port: numberColumn(row.port, 'orc_downtime.port') },
    owner: row.owner,
    reason: row.reason,
    beganAt: numberColumn(row.began_at, 'orc_downtime.began_at'),
    until: numberColumn(row.ends_at, 'orc_downtime.ends_at'),
  }));
}
