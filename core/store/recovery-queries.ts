import type { Kysely, Selectable, Transaction } from 'kysely';
import { InputError, RefusedError, StoreError } from '../errors.js';
import type { InstanceKey } from '../model/instance-key.js';
import type { RecoveryGuard, RecoveryKind, RecoveryPatch, RecoveryRecord, RecoveryStatus, RecoveryStepRecord, StepStatus } from '../ports/recovery-store.js';
import {
  checkAcknowledgement,
  checkGuard,
  checkNewRecovery,
  checkRecoveryEnd,
  checkRecoveryPatch,
  checkRenewal,
  checkStep,
  RECOVERY_KINDS,
  RECOVERY_STATUSES,
  recoveryLimit,
  STEP_STATUSES,
  type AckTarget,
  type RecoveryEnd,
} from './recovery-store-inputs.js';
import { parseStoredKey, progressText, storedKeyText, storedProgress } from './recovery-progress-json.js';
import { clusterBeingRecovered, leaseLost, notRunner } from './recovery-store-refusals.js';
import type { RecoveriesTable, RecoveryStepsTable, StoreDatabase } from './schema.js';
import type { StoreDialect } from './store-dialect.js';
import { keyColumns, numberColumn } from './store-values.js';
import { underLease } from './under-lease.js';

type Db = Kysely<StoreDatabase>;

/** Inserts tried when the running recovery a conflict named ends before it could be read. */
const REGISTER_ATTEMPTS = 3;

/**
 * Inserts a running recovery; the unique active_cluster column makes the database refuse a second running one of
 * the same cluster, whichever process or connection tries, which becomes RefusedError orc_lock_held.
 */
export async function registerRecovery(db: Db, dialect: StoreDialect, record: RecoveryRecord): Promise<void> {
  checkNewRecovery(record);
  const failed = keyColumns(record.failed);
  const successor = record.successor && keyColumns(record.successor);
  const row = {
    id: record.id,
    cluster: record.cluster,
    cluster_alias: record.clusterAlias,
    kind: record.kind,
    trigger_code: record.trigger,
    failed_host: failed.host,
    failed_port: failed.port,
    successor_host: successor?.host ?? null,
    successor_port: successor?.port ?? null,
    status: 'running',
    active_cluster: record.cluster,
    actor: record.actor,
    started_at: record.startedAt,
    ended_at: null,
    lost: lostText(record.lost),
    summary: record.summary,
    acknowledged_at: record.acknowledgedAt,
    acknowledged_by: record.acknowledgedBy,
    ack_comment: record.ackComment,
    runner: record.runner,
    renewed_at: record.renewedAt,
    progress: record.progress === null ? null : progressText(record.progress),
    data_loss: record.dataLoss ? 1 : 0,
  };
  for (let attempt = 1; ; attempt += 1) {
    try {
      await db.insertInto('orc_recoveries').values(row).execute();
      return;
    } catch (err) {
      if (!dialect.isDuplicateKey(err)) throw err;
      const taken = await db.selectFrom('orc_recoveries').select('id').where('id', '=', record.id).executeTakeFirst();
      if (taken) throw new StoreError(`store: recovery ${record.id} already exists`, { id: record.id });
      const running = await db.selectFrom('orc_recoveries').select(['id', 'actor']).where('active_cluster', '=', record.cluster).executeTakeFirst();
      if (running) throw clusterBeingRecovered(record.cluster, running.id, running.actor);
      // The running recovery ended between the insert and the read: the cluster is free now.
      if (attempt >= REGISTER_ATTEMPTS) throw err;
    }
  }
}

/** Inserts or replaces one step, by recovery id and index; with a guard, in one transaction with the runner check. */
export async function recordStep(db: Db, dialect: StoreDialect, step: RecoveryStepRecord, guard?: RecoveryGuard): Promise<void> {
  checkStep(step);
  if (guard) checkGuard(guard);
  const update = { name: step.name, status: step.status, started_at: step.startedAt, ended_at: step.endedAt, message: step.message };
  const write = (on: Db) =>
    dialect.upsert(on, 'orc_recovery_steps', { recovery_id: step.recoveryId, step_index: step.index, ...update }, ['recovery_id', 'step_index'], update);
  if (!guard) return write(db);
  await underGuard(db, step.recoveryId, guard, async (trx) => {
    await assertRunner(trx, step.recoveryId, guard);
    await write(trx);
  });
}

/** Updates a running recovery's progress, successor, lost replicas or data-loss flag, while guard's runner runs it. */
export async function updateRecovery(db: Db, id: string, patch: RecoveryPatch, guard: RecoveryGuard): Promise<void> {
  checkRecoveryPatch(id, patch, guard);
  const set: { progress?: string; successor_host?: string | null; successor_port?: number | null; lost?: string; data_loss?: number } = {};
  if (patch.progress !== undefined) set.progress = progressText(patch.progress);
  if (patch.successor !== undefined) {
    const successor = patch.successor && keyColumns(patch.successor);
    set.successor_host = successor?.host ?? null;
    set.successor_port = successor?.port ?? null;
  }
  if (patch.lost !== undefined) set.lost = lostText(patch.lost);
  if (patch.dataLoss !== undefined) set.data_loss = patch.dataLoss ? 1 : 0;
  if (Object.keys(set).length === 0) return;
  await underGuard(db, id, guard, async (trx) => {
    const result = await trx
      .updateTable('orc_recoveries')
      .set(set)
      .where('id', '=', id)
      .where('status', '=', 'running')
      .where('runner', '=', guard.runner)
      .executeTakeFirst();
    if (result.numUpdatedRows === 0n) throw notRunner(id, guard.runner, await runnerOf(trx, id));
  });
}

/** The runner's heartbeat: true while the recovery runs and this runner has it. */
export async function renewRecovery(db: Db, id: string, runner: string, now: number): Promise<boolean> {
  checkRenewal(id, runner, now);
  const result = await db
    .updateTable('orc_recoveries')
    .set({ renewed_at: now })
    .where('id', '=', id)
    .where('status', '=', 'running')
    .where('runner', '=', runner)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Takes a running recovery over when its heartbeat is older than staleBefore (or missing), in one statement. */
export async function claimRecovery(db: Db, id: string, runner: string, now: number, staleBefore: number): Promise<boolean> {
  checkRenewal(id, runner, now, staleBefore);
  const result = await db
    .updateTable('orc_recoveries')
    .set({ runner, renewed_at: now })
    .where('id', '=', id)
    .where('status', '=', 'running')
    .where((eb) => eb.or([eb('renewed_at', 'is', null), eb('renewed_at', '<', staleBefore)]))
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Ends a running recovery and frees its cluster in one statement (only while guard's runner runs it, when given);
 * an unknown id is an InputError and a recovery that already ended is refused (its outcome is history).
 */
export async function finishRecovery(db: Db, id: string, end: RecoveryEnd, guard?: RecoveryGuard): Promise<void> {
  checkRecoveryEnd(id, end);
  if (guard) checkGuard(guard);
  const successor = end.successor && keyColumns(end.successor);
  const update = (on: Db | Transaction<StoreDatabase>) => {
    let query = on
      .updateTable('orc_recoveries')
      .set({
        status: end.status,
        active_cluster: null,
        ended_at: end.endedAt,
        successor_host: successor?.host ?? null,
        successor_port: successor?.port ?? null,
        lost: lostText(end.lost),
        summary: end.summary,
        runner: null,
        ...(end.dataLoss !== undefined ? { data_loss: end.dataLoss ? 1 : 0 } : {}),
      })
      .where('id', '=', id)
      .where('status', '=', 'running');
    if (guard) query = query.where('runner', '=', guard.runner);
    return query.executeTakeFirst().then((r) => r.numUpdatedRows);
  };
  const updated = guard?.lease ? await underGuard(db, id, guard, update) : await update(db);
  if (updated > 0n) return;
  const row = await runnerOf(db, id);
  if (!row) throw new InputError(`store: no recovery ${id}`, { id });
  if (row.status === 'running' && guard) throw notRunner(id, guard.runner, row);
  throw new RefusedError('orc_refused', `recovery ${id} has already ended (${row.status})`, { id, status: row.status });
}

async function runnerOf(db: Db | Transaction<StoreDatabase>, id: string): Promise<{ runner: string | null; status: string } | undefined> {
  return db.selectFrom('orc_recoveries').select(['runner', 'status']).where('id', '=', id).executeTakeFirst();
}

/** Runs a guarded write in one transaction that first checks the guard's fencing token, when it has one (see underLease). */
function underGuard<T>(db: Db, id: string, guard: RecoveryGuard, write: (trx: Transaction<StoreDatabase>) => Promise<T>): Promise<T> {
  return underLease(db, guard.lease, (lease) => leaseLost(id, lease), write);
}

async function assertRunner(trx: Transaction<StoreDatabase>, id: string, guard: RecoveryGuard): Promise<void> {
  const current = await runnerOf(trx, id);
  if (!current || current.status !== 'running' || current.runner !== guard.runner) throw notRunner(id, guard.runner, current);
}

/** Reads one recovery with its steps in plan order, or undefined when the id is unknown. */
export async function getRecovery(db: Db, id: string): Promise<{ record: RecoveryRecord; steps: RecoveryStepRecord[] } | undefined> {
  const row = await db.selectFrom('orc_recoveries').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const steps = await db.selectFrom('orc_recovery_steps').selectAll().where('recovery_id', '=', id).orderBy('step_index').execute();
  return { record: toRecoveryRecord(row), steps: steps.map(toStepRecord) };
}

/** Lists recoveries newest first (insertion order breaks ties), optionally of one cluster only. */
export async function listRecoveries(db: Db, options: { cluster?: string; limit?: number } = {}): Promise<RecoveryRecord[]> {
  const limit = recoveryLimit(options.limit);
  let query = db.selectFrom('orc_recoveries').selectAll();
  if (options.cluster !== undefined) query = query.where('cluster', '=', options.cluster);
  const rows = await query.orderBy('started_at', 'desc').orderBy('seq', 'desc').limit(limit).execute();
  return rows.map(toRecoveryRecord);
}

/** Acknowledges the not yet acknowledged recoveries of a cluster (or the one id); returns how many. */
export async function acknowledgeRecoveries(db: Db, target: AckTarget, by: string, comment: string, at: number): Promise<number> {
  checkAcknowledgement(target, by, at);
  let query = db
    .updateTable('orc_recoveries')
    .set({ acknowledged_at: at, acknowledged_by: by, ack_comment: comment })
    .where('acknowledged_at', 'is', null);
  query = 'id' in target ? query.where('id', '=', target.id) : query.where('cluster', '=', target.cluster);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

function lostText(lost: readonly InstanceKey[]): string {
  return JSON.stringify(lost.map(storedKeyText));
}

function parseLost(text: string, id: string): InstanceKey[] {
  const fail = () => new StoreError(`store: lost instances of recovery ${id} are not a JSON list of host:port`, { id });
  let list: unknown;
  try {
    list = JSON.parse(text);
  } catch {
    throw fail();
  }
  if (!Array.isArray(list)) throw fail();
  return list.map((item) => {
    const key = parseStoredKey(item);
    if (key === null) throw fail();
    return key;
  });
}

function known<T extends string>(value: string, allowed: ReadonlySet<string>, what: string, id: string): T {
  if (!allowed.has(value)) throw new StoreError(`store: recovery ${id} has unknown ${what} "${value}"`, { id });
  return value as T;
}

function toRecoveryRecord(row: Selectable<RecoveriesTable>): RecoveryRecord {
  return {
    id: row.id,
    cluster: row.cluster,
    clusterAlias: row.cluster_alias,
    kind: known<RecoveryKind>(row.kind, RECOVERY_KINDS, 'kind', row.id),
    trigger: row.trigger_code,
    failed: { host: row.failed_host, port: numberColumn(row.failed_port, 'orc_recoveries.failed_port') },
    successor:
      row.successor_host === null || row.successor_port === null
        ? null
        : { host: row.successor_host, port: numberColumn(row.successor_port, 'orc_recoveries.successor_port') },
    status: known<RecoveryStatus>(row.status, RECOVERY_STATUSES, 'status', row.id),
    actor: row.actor,
    startedAt: numberColumn(row.started_at, 'orc_recoveries.started_at'),
    endedAt: row.ended_at === null ? null : numberColumn(row.ended_at, 'orc_recoveries.ended_at'),
    lost: parseLost(row.lost, row.id),
    summary: row.summary,
    acknowledgedAt: row.acknowledged_at === null ? null : numberColumn(row.acknowledged_at, 'orc_recoveries.acknowledged_at'),
    acknowledgedBy: row.acknowledged_by,
    ackComment: row.ack_comment,
    dataLoss: numberColumn(row.data_loss ?? 0, 'orc_recoveries.data_loss') !== 0,
    runner: row.runner ?? null,
    renewedAt: row.renewed_at === null || row.renewed_at === undefined ? null : numberColumn(row.renewed_at, 'orc_recoveries.renewed_at'),
    progress: storedProgress(row.progress ?? null, row.id, row.status),
  };
}

function toStepRecord(row: Selectable<RecoveryStepsTable>): RecoveryStepRecord {
  return {
    recoveryId: row.recovery_id,
    index: numberColumn(row.step_index, 'orc_recovery_steps.step_index'),
    name: row.name,
    status: known<StepStatus>(row.status, STEP_STATUSES, 'step status', row.recovery_id),
    startedAt: numberColumn(row.started_at, 'orc_recovery_steps.started_at'),
    endedAt: row.ended_at === null ? null : numberColumn(row.ended_at, 'orc_recovery_steps.ended_at'),
    message: row.message,
  };
}
