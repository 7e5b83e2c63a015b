import type { Notification } from '../notifications/notification.js';

/** Delivers one notification to a channel (Slack in production, a recording fake in tests); throws when it was not delivered. */
export interface Notifier {
  send(channel: string, notification: Notification, signal?: AbortSignal): Promise<void>;
}
