import type { webApi } from '@slack/bolt';
import type { Notification } from '../core/notifications/notification.js';
import type { Notifier } from '../core/ports/notifier.js';
import { slackMessage } from './slack-message.js';
import { notificationReply } from './views/notification-view.js';

/** The Notifier port over Slack's Web API: one chat.postMessage per notification (a failed call throws, so it is retried). */
export class SlackNotifier implements Notifier {
  constructor(private readonly client: webApi.WebClient) {}

  async send(channel: string, notification: Notification): Promise<void> {
    await this.client.chat.postMessage({ channel, ...slackMessage(notificationReply(notification)) });
  }
}
