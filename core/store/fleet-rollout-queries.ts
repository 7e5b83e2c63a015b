import type { Kysely, Selectable } from 'kysely';
import { InputError, RefusedError, StoreError } from '../errors.js';
import type { LeaseToken } from '../ports/leader-lease.js';
import type { FleetRollout } from '../rollouts/fleet/fleet-rollout.js';
import { checkRolloutName } from '../rollouts/rollout-key.js';
import { checkLeaseToken } from './lease-queries.js';
import { CLUSTER_NAME_LENGTH, type FleetRolloutsTable, type StoreDatabase } from './schema.js';
import { epochMs, keyText, numberColumn } from './store-values.js';
import { underLease } from './under-lease.js';

type Db = Kysely<StoreDatabase>;

/** Checks a fleet rollout before it is written (the SQL stores and the in-memory fake alike). */
export function checkStoredFleetRollout(fleet: FleetRollout): void {
  checkRolloutName(fleet?.id, 'entity');
  keyText(fleet.cluster, CLUSTER_NAME_LENGTH, 'fleet rollout cluster');
  if (!Number.isSafeInteger(fleet.revision) || fleet.revision < 1) throw new InputError(`fleet rollout ${fleet.id}: revision must be a positive whole number`, { field: 'revision' });
  if (!Array.isArray(fleet.servers) || !Array.isArray(fleet.steps) || !Array.isArray(fleet.variables)) {
    throw new InputError(`fleet rollout ${fleet.id}: servers, steps and variables must be lists`, { field: 'servers' });
  }
  epochMs(fleet.createdAt, 'createdAt');
  epochMs(fleet.updatedAt, 'updatedAt');
}

/** The refusal of a fenced fleet rollout write whose leader's token no longer holds. */
export function fleetLeaseLost(id: string, token: LeaseToken): RefusedError {
  return new RefusedError('orc_deposed', `fleet rollout ${id}: lease ${token.name} epoch ${token.epoch} of ${token.holder} no longer holds; another orc leads now`, {
    rollout: id,
    lease: token.name,
    epoch: token.epoch,
  });
}

function columns(fleet: FleetRollout): FleetRolloutsTable {
  const { id, cluster, revision, done, createdAt, updatedAt, ...body } = fleet;
  return { id, cluster_name: cluster, revision, done: done ? 1 : 0, body: JSON.stringify(body), created_at: createdAt, updated_at: updatedAt };
}

function ofRow(row: Selectable<FleetRolloutsTable>): FleetRollout {
  try {
    const body = JSON.parse(row.body) as Omit<FleetRollout, 'id' | 'cluster' | 'revision' | 'done' | 'createdAt' | 'updatedAt'>;
    return {
      ...body,
      id: row.id,
      cluster: row.cluster_name,
      revision: numberColumn(row.revision, 'orc_fleet_rollouts.revision'),
      done: Number(row.done) === 1,
      createdAt: numberColumn(row.created_at, 'orc_fleet_rollouts.created_at'),
      updatedAt: numberColumn(row.updated_at, 'orc_fleet_rollouts.updated_at'),
    };
  } catch (err) {
    if (err instanceof StoreError) throw err;
    throw new StoreError(`store: fleet rollout ${row.id} is unreadable: ${(err as Error).message}`, { rollout: row.id });
  }
}

/** Inserts a new fleet rollout; one with the same id already stored is a StoreError. */
export async function createFleetRollout(db: Db, fleet: FleetRollout): Promise<void> {
  checkStoredFleetRollout(fleet);
  const result = await db.insertInto('orc_fleet_rollouts').orIgnore().values(columns(fleet)).executeTakeFirst();
  if (result.numInsertedOrUpdatedRows === 0n) throw new StoreError(`store: fleet rollout ${fleet.id} already exists`, { rollout: fleet.id });
}

/** One fleet rollout by id. */
export async function getFleetRollout(db: Db, id: string): Promise<FleetRollout | undefined> {
  const row = await db.selectFrom('orc_fleet_rollouts').selectAll().where('id', '=', id).executeTakeFirst();
  return row && ofRow(row);
}

/** Fleet rollouts newest first, the ones not done on request. */
export async function listFleetRollouts(db: Db, options: { active?: boolean } = {}): Promise<FleetRollout[]> {
  let query = db.selectFrom('orc_fleet_rollouts').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc');
  if (options.active) query = query.where('done', '=', 0);
  return (await query.execute()).map(ofRow);
}

/** Writes a fleet rollout by compare-and-set on its revision; with a lease token, in one transaction with its check. */
export async function updateFleetRollout(db: Db, fleet: FleetRollout, expectedRevision: number, lease?: LeaseToken): Promise<boolean> {
  checkStoredFleetRollout(fleet);
  if (lease) checkLeaseToken(lease);
  const { id: _id, created_at: _c, ...state } = columns(fleet);
  const write = async (on: Db) => {
    const result = await on.updateTable('orc_fleet_rollouts').set(state).where('id', '=', fleet.id).where('revision', '=', expectedRevision).executeTakeFirst();
    return result.numUpdatedRows > 0n;
  };
  return lease ? underLease(db, lease, (token) => fleetLeaseLost(fleet.id, token), write) : write(db);
}
