import type { Kysely, Selectable } from 'kysely';
import { InputError, StoreError } from '../errors.js';
import type { AuditEntry } from '../model/instance.js';
import type { StoreDatabase } from './schema.js';
import { epochMs, numberColumn } from './store-values.js';

type Db = Kysely<StoreDatabase>;

/** Entries listAudit returns when the caller gives no limit. */
export const DEFAULT_AUDIT_LIMIT = 100;

const OUTCOMES: ReadonlySet<string> = new Set<AuditEntry['outcome']>(['ok', 'refused', 'failed']);

/** Appends one audit entry under the id its caller generated. */
export async function appendAudit(db: Db, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('orc_audit')
    .values({
      id: entry.id,
      at: epochMs(entry.at, 'at'),
      actor: entry.actor,
      action: entry.action,
      target: entry.target,
      cluster: entry.cluster,
      detail: entry.detail,
      outcome: entry.outcome,
    })
    .execute();
}

/** Lists audit entries newest first (insertion order breaks ties), optionally of one cluster only. */
export async function listAudit(db: Db, options: { limit?: number; cluster?: string } = {}): Promise<AuditEntry[]> {
  const limit = options.limit ?? DEFAULT_AUDIT_LIMIT;
  if (!Number.isSafeInteger(limit) || limit < 1) throw new InputError(`audit limit must be a positive integer, got ${limit}`, { limit });
  let query = db.selectFrom('orc_audit').selectAll();
  if (options.cluster !== undefined) query = query.where('cluster', '=', options.cluster);
  const rows = await query.orderBy('at', 'desc').orderBy('seq', 'desc').limit(limit).execute();
  return rows.map(auditEntryFromRow);
}

/** One orc_audit row as an AuditEntry; StoreError for an outcome orc never writes. */
export function auditEntryFromRow(row: Selectable<StoreDatabase['orc_audit']>): AuditEntry {
  if (!OUTCOMES.has(row.outcome)) throw new StoreError(`store: audit entry ${row.id} has unknown outcome "${row.outcome}"`, { id: row.id });
  return {
    id: row.id,
    at: numberColumn(row.at, 'orc_audit.at'),
    actor: row.actor,
    action: row.action,
    target: row.target,
    cluster: row.cluster,
    detail: row.detail,
    outcome: row.outcome as AuditEntry['outcome'],
  };
}
