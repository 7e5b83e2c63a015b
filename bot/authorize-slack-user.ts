import type { Config } from '../core/config.js';
import type { CommandClass } from '../core/slack-config.js';

/** Who asks, where, for which class of command; userGroups are the configured groups the user belongs to. */
export interface SlackRequester {
  readonly userId: string;
  readonly userGroups: readonly string[];
  readonly channel: string;
}

const IMPLIED: Readonly<Record<CommandClass, readonly CommandClass[]>> = {
  read: ['read', 'operate', 'destructive'],
  operate: ['operate', 'destructive'],
  destructive: ['destructive'],
};

/** The user groups named anywhere in the authorization: the only ones whose members the bot needs to look up. */
export function configuredUserGroups(slack: NonNullable<Config['slack']>): string[] {
  const a = slack.authorization;
  return [...new Set([...a.read.userGroups, ...a.operate.userGroups, ...a.destructive.userGroups])];
}

/**
 * Why requester may not run a command of class `cls` (a channel not allowed, no grant), or null when allowed; a
 * grant of a higher class implies the lower ones (destructive lets one operate and read).
 */
export function slackRefusal(slack: NonNullable<Config['slack']>, requester: SlackRequester, cls: CommandClass): string | null {
  if (slack.allowedChannels.length > 0 && !slack.allowedChannels.includes(requester.channel)) {
    return `orc does not take commands in channel ${requester.channel}`;
  }
  const granted = IMPLIED[cls].some((c) => {
    const grant = slack.authorization[c];
    return grant.everyone || grant.users.includes(requester.userId) || grant.userGroups.some((g) => requester.userGroups.includes(g));
  });
  return granted ? null : `user ${requester.userId} is not authorized for ${cls} commands (slack.authorization.${cls})`;
}
