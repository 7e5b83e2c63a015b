import type { webApi } from '@slack/bolt';
import type { BotReply } from './views/blocks.js';

/** A reply's text and blocks as the Web API's message arguments take them (orc builds only valid Block Kit shapes). */
export function slackMessage(reply: BotReply): { text: string; blocks: webApi.KnownBlock[] } {
  return { text: reply.text, blocks: [...reply.blocks] as unknown as webApi.KnownBlock[] };
}
