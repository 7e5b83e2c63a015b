import type { Kysely } from 'kysely';
import type { Config } from '../config.js';
import { OrcError } from '../errors.js';
import type { AgentRegistry } from '../ports/agent-registry.js';
import type { LeaseStore } from '../ports/leader-lease.js';
import type { NotificationOutbox } from '../ports/notification-outbox.js';
import type { PendingConfirmations } from '../ports/pending-confirmations.js';
import type { RecoveryStore } from '../ports/recovery-store.js';
import type { RolloutStore } from '../ports/rollout-store.js';
import type { FleetRolloutStore } from '../ports/fleet-rollout-store.js';
import type { SeedStore } from '../ports/seed-store.js';
import type { Store } from '../ports/store.js';
import { KyselyStore } from './kysely-store.js';
import { migrateToLatest } from './migrations/migrate-to-latest.js';
import { openMysqlDatabase, type MysqlStoreConfig, type MysqlStoreLimits } from './open-mysql-database.js';
import { openSqliteDatabase } from './open-sqlite-database.js';
import type { StoreDatabase } from './schema.js';
import { mysqlStoreDialect, sqliteStoreDialect, type StoreDialect } from './store-dialect.js';
import { storeFailure } from './store-failure.js';

/** Everything orc persists: instances, clusters and audit, plus recoveries, locks, downtime, fences, settings, leases, seeds, agents, rollouts (engine and fleet), queued notifications and pending confirmations. */
export type OrcStore = Store & RecoveryStore & LeaseStore & SeedStore & AgentRegistry & RolloutStore & FleetRolloutStore & NotificationOutbox & PendingConfirmations;

/** The store section of the config, by backend. */
export type StoreConfig = { readonly kind: 'sqlite'; readonly path: string } | MysqlStoreConfig;

/** Options of openStore; the limits apply to the MySQL/MariaDB backend only. */
export interface OpenStoreOptions extends Partial<MysqlStoreLimits> {
  readonly signal?: AbortSignal;
}

/** Defaults for the MySQL/MariaDB backend: a store query takes milliseconds, so 30 s means the server is sick. */
export const DEFAULT_MYSQL_LIMITS: MysqlStoreLimits = Object.freeze({ connectTimeoutMs: 5000, queryTimeoutMs: 30_000, poolSize: 4 });

/** An opened, not yet migrated store database, with the dialect it needs and the secret its errors must hide. */
export interface OpenedStoreDatabase {
  readonly db: Kysely<StoreDatabase>;
  readonly dialect: StoreDialect;
  readonly secret: string;
}

/**
 * Opens the configured backend (creating the SQLite file, or the MySQL database when the user may), migrates it
 * to the latest schema and returns the store (an OrcStore); every failure is a StoreError without the password.
 */
export async function openStore(storeConfig: Config['store'] | StoreConfig, options: OpenStoreOptions = {}): Promise<KyselyStore> {
  const { db, dialect, secret } = await openStoreDatabase(storeConfig, options);
  try {
    await untilAborted(migrateToLatest(db, dialect), options.signal);
    return new KyselyStore(db, dialect, secret);
  } catch (err) {
    await db.destroy().catch(() => undefined);
    throw storeFailure('open', err, secret);
  }
}

/** Connects to the configured backend without migrating it (openStore, and tests of the migrations). */
export async function openStoreDatabase(storeConfig: Config['store'] | StoreConfig, options: OpenStoreOptions = {}): Promise<OpenedStoreDatabase> {
  const config: StoreConfig = storeConfig;
  const secret = config.kind === 'mysql' ? config.password : '';
  throwIfAborted(options.signal);
  try {
    const dialect: StoreDialect = config.kind === 'mysql' ? mysqlStoreDialect : sqliteStoreDialect;
    const opening =
      config.kind === 'mysql'
        ? openMysqlDatabase(config, mysqlLimits(options))
        : Promise.resolve().then(() => openSqliteDatabase(config.path));
    const db = await untilAborted(opening, options.signal, (late) => late.destroy());
    return { db, dialect, secret };
  } catch (err) {
    throw storeFailure('open', err, secret);
  }
}

function mysqlLimits(options: OpenStoreOptions): MysqlStoreLimits {
  return {
    connectTimeoutMs: options.connectTimeoutMs ?? DEFAULT_MYSQL_LIMITS.connectTimeoutMs,
    queryTimeoutMs: options.queryTimeoutMs ?? DEFAULT_MYSQL_LIMITS.queryTimeoutMs,
    poolSize: options.poolSize ?? DEFAULT_MYSQL_LIMITS.poolSize,
  };
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new OrcError('orc_aborted', 'store: opening aborted');
}

/**
 * Settles with work, or rejects as soon as signal aborts; work that finishes after the abort is handed to
 * dispose (and a late failure is ignored: the caller has already been told it was aborted).
 */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined, dispose?: (late: T) => Promise<unknown>): Promise<T> {
  if (!signal) return work;
  return new Promise<T>((resolve, reject) => {
    let aborted = false;
    const onAbort = () => {
      aborted = true;
      reject(new OrcError('orc_aborted', 'store: opening aborted'));
    };
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        if (aborted) void dispose?.(value).catch(() => undefined);
        else resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        if (!aborted) reject(err);
      },
    );
  });
}
