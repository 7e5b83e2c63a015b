/** How loud a notification is: a failed recovery or a failed rollout is critical, a routine completion is info. */
export type NotificationSeverity = 'info' | 'warning' | 'critical';

/** One labelled value of a notification (failed server, successor, duration...). */
export interface NotificationField {
  readonly label: string;
  readonly value: string;
}

/** An event worth telling people about, as data: front ends (Slack Block Kit) format it. */
export interface Notification {
  readonly kind: 'recovery' | 'takeover' | 'seed' | 'rollout';
  readonly severity: NotificationSeverity;
  /** One line saying what happened, e.g. "Failover of db-a:3306 succeeded: db-b:3306 is the new primary". */
  readonly title: string;
  readonly cluster: string | null;
  readonly fields: readonly NotificationField[];
  readonly at: number;
}

/** Parses a notification payload written by the outbox producers; null when it is not one. */
export function parseNotification(payload: string): Notification | null {
  try {
    const value = JSON.parse(payload) as Partial<Notification>;
    if (typeof value.title !== 'string' || typeof value.kind !== 'string' || !Array.isArray(value.fields)) return null;
    return value as Notification;
  } catch {
    return null;
  }
}
