import { RefusedError } from '../../core/errors.js';
import type { OrcNode } from '../../core/model/orc-node.js';
import type { LeaseStore } from '../../core/ports/leader-lease.js';
import type { Store } from '../../core/ports/store.js';
import { LEADER_LEASE_NAME } from '../../core/service/leader-election.js';
import type { StoreConfig } from '../../core/store/open-store.js';
import { tryLockSqliteService, type ServiceLock } from '../../core/store/sqlite-service-lock.js';

/**
 * Makes sure this is the only orc service on a SQLite store: takes the lock file next to it for the service's
 * lifetime, or refuses (orc_refused) naming the service that holds it. A MySQL/MariaDB store needs no claim (null):
 * services sharing it elect a leader. CLI commands and the dashboard never claim, so they keep working alongside.
 */
export async function claimSqliteStore(config: StoreConfig, store: Pick<LeaseStore, 'getLease'> & Pick<Store, 'listNodes'>): Promise<ServiceLock | null> {
  if (config.kind !== 'sqlite') return null;
  const lock = tryLockSqliteService(config.path);
  if (lock) return lock;
  const who = await holderOf(store).catch(() => null);
  const named = who ? ` (holder ${who.holder}, pid ${who.pid ?? 'unknown'})` : '';
  throw new RefusedError(
    'orc_refused',
    `another orc service${named} uses ${config.path}; a SQLite store serves one service: use a MySQL/MariaDB store to run several`,
    { path: config.path, holder: who?.holder ?? null, pid: who?.pid ?? null },
  );
}

/** The service holding the store: the leader lease's holder, with the pid of its node row or of its holder name. */
async function holderOf(store: Pick<LeaseStore, 'getLease'> & Pick<Store, 'listNodes'>): Promise<{ holder: string; pid: number | null } | null> {
  const lease = await store.getLease(LEADER_LEASE_NAME);
  if (!lease) return null;
  const node: OrcNode | undefined = (await store.listNodes()).find((n) => n.holder === lease.holder);
  const fromName = /:(\d+):[0-9a-f]+$/.exec(lease.holder)?.[1];
  return { holder: lease.holder, pid: node?.pid ?? (fromName === undefined ? null : Number(fromName)) };
}
