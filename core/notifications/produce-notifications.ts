import type { Clock } from '../ports/clock.js';
import type { NotificationInput, NotificationOutbox } from '../ports/notification-outbox.js';
import type { RecoveryStore } from '../ports/recovery-store.js';
import type { SeedStore } from '../ports/seed-store.js';
import type { Store } from '../ports/store.js';
import { auditedRecoveryId, auditNotification } from './audit-notification.js';
import type { Notification } from './notification.js';
import { notificationChannel, type NotificationRouting } from './notification-channel.js';
import { seedEndNotification } from './seed-notification.js';

/** The setting holding the seq of the last audit entry turned into notifications. */
export const AUDIT_CURSOR_SETTING = 'notifications.audit-seq';

/** The setting holding when notifications began (events that ended before are history, not news). */
export const SINCE_SETTING = 'notifications.since';

/** Audit entries read per tick. */
const AUDIT_PAGE = 200;

/** Ended seeds looked at per tick (newest first). */
const SEED_WINDOW = 50;

/** What the producer reads and writes. */
export interface ProduceNotificationsDeps {
  readonly store: NotificationOutbox & Pick<RecoveryStore, 'getRecovery' | 'getSetting' | 'setSetting'> & Pick<SeedStore, 'listSeeds'> & Pick<Store, 'listClusters' | 'getInstance'>;
  readonly routing: NotificationRouting;
  readonly clock: Pick<Clock, 'now'>;
}

/**
 * One producer tick: queues a notification for each new audit entry that calls for one (tailing the audit log by a
 * persisted cursor) and for each seed that ended since notifications began; returns how many were new. It queues
 * before it advances the cursor, and the outbox suppresses a repeated event key, so a crash in between neither loses
 * nor doubles a notification. The first tick ever only places the cursor at the end of the log.
 */
export async function produceNotifications(deps: ProduceNotificationsDeps): Promise<number> {
  const { store } = deps;
  const cursorText = await store.getSetting(AUDIT_CURSOR_SETTING);
  if (cursorText === null) {
    await startFromNow(deps);
    return 0;
  }
  const since = Number((await store.getSetting(SINCE_SETTING)) ?? '0');
  const aliases = new Map((await store.listClusters()).map((c) => [c.name, c.alias]));
  const routed = (eventKey: string, n: Notification | null): NotificationInput[] => {
    if (n === null) return [];
    const channel = notificationChannel(deps.routing, n.cluster, n.cluster === null ? null : (aliases.get(n.cluster) ?? null));
    return channel === null ? [] : [{ eventKey, cluster: n.cluster, channel, text: n.title, payload: JSON.stringify(n), createdAt: n.at }];
  };
  const entries = await store.listAuditAfter(Number(cursorText), AUDIT_PAGE);
  const items: NotificationInput[] = [];
  for (const { entry } of entries) {
    const recoveryId = auditedRecoveryId(entry);
    const recovery = recoveryId === null ? undefined : (await store.getRecovery(recoveryId))?.record;
    items.push(...routed(recoveryId === null ? `audit:${entry.id}` : `recovery:${recoveryId}`, auditNotification(entry, recovery)));
  }
  for (const seed of await store.listSeeds({ limit: SEED_WINDOW })) {
    if (seed.endedAt === null || seed.endedAt < since) continue;
    const n = seedEndNotification(seed);
    const cluster = (await store.getInstance(seed.target))?.clusterName ?? null;
    items.push(...routed(`seed:${seed.id}:${seed.status}`, n && { ...n, cluster }));
  }
  const added = items.length > 0 ? await store.enqueueNotifications(items) : 0;
  const last = entries.at(-1);
  if (last) await store.setSetting(AUDIT_CURSOR_SETTING, String(last.seq), deps.clock.now());
  return added;
}

async function startFromNow(deps: ProduceNotificationsDeps): Promise<void> {
  let seq = 0;
  for (;;) {
    const page = await deps.store.listAuditAfter(seq, 1000);
    if (page.length === 0) break;
    seq = page.at(-1)!.seq;
  }
  const now = deps.clock.now();
  await deps.store.setSetting(SINCE_SETTING, String(now), now);
  await deps.store.setSetting(AUDIT_CURSOR_SETTING, String(seq), now);
}
