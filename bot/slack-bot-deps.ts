import type { Config } from '../core/config.js';
import type { Logger } from '../core/ports/logger.js';
import type { BotCommandContext } from './bot-context.js';
import type { UserGroupLookup } from './user-groups.js';

/** What the bot's listeners share: the command context, the slack config, user-group membership and a stop signal. */
export interface SlackBotDeps {
  /** Its actor is replaced per request by the Slack user's. */
  readonly ctx: BotCommandContext;
  readonly slack: NonNullable<Config['slack']>;
  readonly groups: UserGroupLookup;
  readonly logger: Logger;
  /** Aborted when the bot stops: running commands end. */
  readonly signal: AbortSignal;
}
