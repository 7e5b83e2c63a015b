import { App, HTTPReceiver, LogLevel, SocketModeReceiver, webApi, type BlockButtonAction, type Logger as BoltLogger, type Receiver } from '@slack/bolt';
import type { AddressInfo } from 'node:net';
import type { Config } from '../core/config.js';
import { errorLine } from '../core/errors.js';
import type { Logger } from '../core/ports/logger.js';
import { configuredUserGroups } from './authorize-slack-user.js';
import type { BotCommandContext } from './bot-context.js';
import { handleCommandText, type Replier } from './listeners/handle-command-text.js';
import { handleConfirmationClick } from './listeners/handle-confirmation-click.js';
import type { SlackBotDeps } from './slack-bot-deps.js';
import { slackMessage } from './slack-message.js';
import { SocketModeConnection, type SocketModeDialer } from './socket-mode-connection.js';
import { UserGroupLookup } from './user-groups.js';
import { CANCEL_ACTION, CONFIRM_ACTION, errorReply } from './views/action-views.js';
import type { BotReply } from './views/blocks.js';

/** Where Slack posts commands, events and interactions in HTTP mode. */
export const SLACK_EVENTS_PATH = '/slack/events';

/** How long the Socket Mode client's apps.connections.open may take before the attempt fails and is retried. */
const SOCKET_API_TIMEOUT_MS = 10_000;

/** The slash command the bot answers. */
export const SLASH_COMMAND = '/orc';

/** What the bot runs with. */
export interface SlackBotOptions {
  readonly ctx: BotCommandContext;
  readonly slack: NonNullable<Config['slack']>;
  readonly logger: Logger;
}

/**
 * The Slack bot: a Bolt App with an HTTP receiver (POST /slack/events, requests verified by signature and
 * timestamp) or a Socket Mode one (kept connected by a SocketModeConnection), answering `/orc` and app mentions and
 * the Confirm/Cancel buttons. Its Web API calls, apps.connections.open too, go to slack.apiUrl when set.
 * Notifications are the NotificationLoop's, not the bot's.
 */
export class SlackBot {
  readonly app: App;
  /** A Web API client with the bot token (notifications use it). */
  readonly client: webApi.WebClient;
  private known: Promise<{ botId: string; botUserId: string }> | null = null;
  private readonly receiver: HTTPReceiver | SocketModeReceiver;
  private readonly stopping = new AbortController();
  private readonly connection: SocketModeConnection | null;
  private port: number | null = null;

  constructor(private readonly options: SlackBotOptions) {
    const { slack, logger } = options;
    const boltLogger = boltLoggerOf(logger);
    const apiUrl = slack.apiUrl ? { slackApiUrl: withSlash(slack.apiUrl) } : {};
    // The Socket Mode client asks apps.connections.open (with the app token) for its WebSocket URL through its own
    // Web API client: Bolt builds it from installerOptions.clientOptions only, so the API URL goes there too. Its own
    // reconnecting is off (it retries for hours, uncancellable, and start() waits for it): SocketModeConnection redials.
    const socketClientOptions = { ...apiUrl, retryConfig: { retries: 0 }, timeout: SOCKET_API_TIMEOUT_MS };
    this.receiver =
      slack.mode === 'http'
        ? new HTTPReceiver({ signingSecret: slack.signingSecret!, endpoints: SLACK_EVENTS_PATH, logger: boltLogger, unhandledRequestTimeoutMillis: 2500 })
        : new SocketModeReceiver({ appToken: slack.appToken!, logger: boltLogger, autoReconnectEnabled: false, installerOptions: { clientOptions: socketClientOptions } });
    const clientOptions = { ...apiUrl, retryConfig: { retries: 0 } };
    this.client = new webApi.WebClient(slack.botToken!, { ...clientOptions, logger: boltLogger });
    // Bolt given a token caches its auth.test forever, a failure too: during a Slack outage at start every later
    // request would fail. This authorize asks again until it once succeeds.
    this.app = new App({
      authorize: async () => ({ botToken: slack.botToken!, ...(await this.identity()) }),
      receiver: this.receiver as Receiver,
      logger: boltLogger,
      clientOptions,
    });
    const deps: SlackBotDeps = {
      ctx: options.ctx,
      slack,
      groups: new UserGroupLookup(configuredUserGroups(slack), options.ctx.clock.now),
      logger,
      signal: this.stopping.signal,
    };
    this.register(deps);
    this.connection = this.receiver instanceof SocketModeReceiver ? new SocketModeConnection(this.dialer(this.receiver), logger, options.ctx.clock) : null;
    this.app.error(async (err) => logger.error({ err: errorLine(err) }, 'slack bot: a listener failed'));
  }

  /**
   * Starts serving (HTTP: on port, 0 picks a free one; Socket Mode: after the first connection attempt, which
   * connected or failed and is retried) and checks the bot token with auth.test (a failure is logged, not fatal).
   */
  async start(port: number = this.options.slack.port): Promise<void> {
    await this.identity().catch((err: unknown) => this.options.logger.warn({ err: errorLine(err) }, 'slack: auth.test failed; commands are answered once Slack answers it'));
    if (this.connection) {
      await this.connection.start();
    } else {
      const server = await this.app.start(port);
      this.port = (server.address() as AddressInfo).port;
    }
  }

  /** The HTTP port serving /slack/events (null in Socket Mode or before start). */
  get listeningPort(): number | null {
    return this.port;
  }

  /** Aborts running commands and stops the receiver (in Socket Mode, once its connection is closed). */
  async stop(): Promise<void> {
    this.stopping.abort();
    // Bolt's SocketModeReceiver.stop() does not wait for the close handshake; the connection's stop() does.
    if (this.connection) await this.connection.stop();
    else await this.app.stop();
  }

  /** The Socket Mode client as SocketModeConnection drives it: dialing goes through Bolt's App.start(). */
  private dialer(receiver: SocketModeReceiver): SocketModeDialer {
    const client = receiver.client;
    return {
      start: () => this.app.start(),
      disconnect: () => client.disconnect(),
      on: (event, listener) => client.on(event, listener),
      off: (event, listener) => client.off(event, listener),
    };
  }

  /** The bot's ids from auth.test, asked until an answer succeeds, then kept. */
  private identity(): Promise<{ botId: string; botUserId: string }> {
    this.known ??= this.client.auth.test().then(
      (who) => ({ botId: who.bot_id ?? '', botUserId: who.user_id ?? '' }),
      (err: unknown) => {
        this.known = null;
        throw err;
      },
    );
    return this.known;
  }

  private register(deps: SlackBotDeps): void {
    this.app.command(SLASH_COMMAND, async ({ command, ack, respond, client }) => {
      await ack();
      const replier: Replier = {
        private: async (reply) => void (await respond({ response_type: 'ephemeral', ...slackMessage(reply) })),
        public: async (reply) => void (await respond({ response_type: 'in_channel', ...slackMessage(reply) })),
      };
      await handleCommandText(deps, client, { text: command.text, userId: command.user_id, userName: command.user_name, channel: command.channel_id }, replier);
    });
    this.app.event('app_mention', async ({ event, client }) => {
      if (!event.user) return;
      const user = event.user;
      const inThread = async (reply: Parameters<Replier['public']>[0]) => void (await client.chat.postMessage({ channel: event.channel, thread_ts: event.thread_ts ?? event.ts, ...slackMessage(reply) }));
      const name = await client.users.info({ user }).then((u) => u.user?.name ?? '', () => '');
      await handleCommandText(deps, client, { text: event.text, userId: user, userName: name, channel: event.channel }, { private: inThread, public: inThread });
    });
    for (const [actionId, confirm] of [[CONFIRM_ACTION, true], [CANCEL_ACTION, false]] as const) {
      this.app.action<BlockButtonAction>(actionId, async ({ ack, body, action, client, respond }) => {
        await ack();
        const channel = body.channel?.id;
        const messageTs = body.message?.ts;
        if (!channel || !messageTs) return;
        const whisper = async (reply: BotReply) => void (await respond({ response_type: 'ephemeral', replace_original: false, ...slackMessage(reply) }));
        const click = { confirmationId: action.value ?? '', confirm, userId: body.user.id, userName: body.user.username ?? body.user.name ?? '', channel, messageTs };
        await handleConfirmationClick(deps, client, click, whisper).catch(async (err: unknown) => {
          deps.logger.error({ err: errorLine(err) }, 'slack: a confirmation click could not be handled');
          await whisper(errorReply(errorLine(err))).catch(() => undefined);
        });
      });
    }
  }
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

/** Bolt's logger over orc's: Bolt's debug chatter stays at debug; nothing Bolt logs carries a secret orc gave it. */
function boltLoggerOf(logger: Logger): BoltLogger {
  const text = (msg: unknown[]) => msg.map((m) => (m instanceof Error ? m.message : String(m))).join(' ');
  return {
    debug: (...msg: unknown[]) => logger.debug({ component: 'slack' }, text(msg)),
    info: (...msg: unknown[]) => logger.info({ component: 'slack' }, text(msg)),
    warn: (...msg: unknown[]) => logger.warn({ component: 'slack' }, text(msg)),
    error: (...msg: unknown[]) => logger.error({ component: 'slack' }, text(msg)),
    setLevel: () => {},
    getLevel: () => LogLevel.INFO,
    setName: () => {},
  };
}
