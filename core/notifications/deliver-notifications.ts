import { errorLine } from '../errors.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { NotificationOutbox } from '../ports/notification-outbox.js';
import type { Notifier } from '../ports/notifier.js';
import { backoffDelay } from './backoff-delay.js';
import { parseNotification } from './notification.js';

/** Notifications sent per tick at most. */
const BATCH = 50;

/** What delivery needs: the outbox, the notifier, the clock and the backoff bounds. */
export interface DeliverNotificationsDeps {
  readonly outbox: NotificationOutbox;
  readonly notifier: Notifier;
  readonly clock: Pick<Clock, 'now'>;
  readonly logger: Logger;
  readonly backoff: { readonly minBackoffMs: number; readonly maxBackoffMs: number };
}

/**
 * One delivery tick: sends every due notification, oldest first, marking each delivered or rescheduling it with
 * exponential backoff. After the first failure the rest wait for the next tick (Slack is likely down for all of them).
 */
export async function deliverNotifications(deps: DeliverNotificationsDeps, signal?: AbortSignal): Promise<{ delivered: number; failed: number }> {
  let delivered = 0;
  let failed = 0;
  for (const queued of await deps.outbox.dueNotifications(deps.clock.now(), BATCH)) {
    if (signal?.aborted) break;
    const notification = parseNotification(queued.payload);
    const attempts = queued.attempts + 1;
    try {
      if (notification === null) throw new Error('the queued payload is not a notification');
      await deps.notifier.send(queued.channel, notification, signal);
    } catch (err) {
      failed += 1;
      const next = deps.clock.now() + backoffDelay(attempts, deps.backoff.minBackoffMs, deps.backoff.maxBackoffMs);
      await deps.outbox.markNotificationFailed(queued.eventKey, attempts, next, errorLine(err));
      deps.logger.warn({ notification: queued.eventKey, attempts, err: errorLine(err) }, 'notification not delivered; will retry');
      break;
    }
    await deps.outbox.markNotificationDelivered(queued.eventKey, deps.clock.now());
    delivered += 1;
  }
  return { delivered, failed };
}
