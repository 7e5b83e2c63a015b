import type { RecoveryCommandContext } from '../core/commands/recovery-command-context.js';
import type { RolloutCommandContext } from '../core/commands/rollout-command-context.js';
import type { SeedCommandContext } from '../core/commands/seed-command-context.js';
import type { OrcStore } from '../core/store/open-store.js';

/** The command context the bot runs core commands with (the CLI's and the service's are ones); actor is set per request. */
export type BotCommandContext = RecoveryCommandContext & SeedCommandContext & RolloutCommandContext & { readonly store: OrcStore };

/** The audit actor of a Slack user: "slack:U123 (name)". */
export function slackActor(userId: string, name: string): string {
  const clean = name.replace(/[^\p{L}\p{N} ._-]/gu, '').slice(0, 80);
  return clean ? `slack:${userId} (${clean})` : `slack:${userId}`;
}
