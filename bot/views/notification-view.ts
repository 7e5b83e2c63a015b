import type { Notification } from '../../core/notifications/notification.js';
import { context, escapeMrkdwn, fields, section, type BotReply } from './blocks.js';

const ICON: Readonly<Record<Notification['severity'], string>> = { info: ':large_blue_circle:', warning: ':large_orange_circle:', critical: ':red_circle:' };

/** A notification as a Slack message: its title, its fields, when it happened. */
export function notificationReply(n: Notification): BotReply {
  return {
    text: n.title,
    blocks: [
      section(`${ICON[n.severity] ?? ''} *${escapeMrkdwn(n.title)}*`),
      ...(n.fields.length > 0 ? [fields(n.fields)] : []),
      context(`${n.kind}${n.cluster ? ` · ${escapeMrkdwn(n.cluster)}` : ''} · <!date^${Math.floor(n.at / 1000)}^{date_short_pretty} {time_secs}|${new Date(n.at).toISOString()}>`),
    ],
  };
}
