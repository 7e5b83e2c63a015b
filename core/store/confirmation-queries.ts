import type { Kysely } from 'kysely';
import type { PendingConfirmation } from '../ports/pending-confirmations.js';
import { CHANNEL_LENGTH } from './migrations/notification-migrations.js';
import { ID_LENGTH, NAME_LENGTH } from './schema.js';
import type { StoreDatabase } from './schema.js';
import { boundedText, epochMs, keyText, numberColumn } from './store-values.js';

type Db = Kysely<StoreDatabase>;

/** Saves a pending confirmation under its id. */
export async function savePendingConfirmation(db: Db, c: PendingConfirmation): Promise<void> {
  await db
    .insertInto('orc_confirmations')
    .values({
      id: keyText(c.id, ID_LENGTH, 'confirmation id'),
      requester: keyText(c.requester, NAME_LENGTH, 'confirmation requester'),
      requester_name: boundedText(c.requesterName, NAME_LENGTH, 'confirmation requester name'),
      channel: boundedText(c.channel, CHANNEL_LENGTH, 'confirmation channel'),
      command: c.command,
      created_at: epochMs(c.createdAt, 'createdAt'),
      expires_at: epochMs(c.expiresAt, 'expiresAt'),
    })
    .execute();
}

/** The pending confirmation with id, if any. */
export async function getPendingConfirmation(db: Db, id: string): Promise<PendingConfirmation | undefined> {
  const row = await db.selectFrom('orc_confirmations').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toConfirmation(row) : undefined;
}

/** Deletes and returns the confirmation; of two concurrent takers only the one whose delete removed the row gets it. */
export async function takePendingConfirmation(db: Db, id: string): Promise<PendingConfirmation | undefined> {
  const found = await getPendingConfirmation(db, id);
  if (!found) return undefined;
  const result = await db.deleteFrom('orc_confirmations').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) === 1 ? found : undefined;
}

function toConfirmation(row: StoreDatabase['orc_confirmations']): PendingConfirmation {
  return {
    id: row.id,
    requester: row.requester,
    requesterName: row.requester_name,
    channel: row.channel,
    command: row.command,
    createdAt: numberColumn(row.created_at, 'orc_confirmations.created_at'),
    expiresAt: numberColumn(row.expires_at, 'orc_confirmations.expires_at'),
  };
}
