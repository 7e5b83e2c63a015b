import { randomUUID } from 'node:crypto';
import { buttonBody, mentionBody, slashBody } from './slack-signed-request.js';
import type { SocketEnvelope } from './slack-socket-stand-in.js';

type SlackUser = { id: string; name: string };

/** The Socket Mode envelope of a `/orc TEXT` slash command: the fields the HTTP form body carries. */
export function slashEnvelope(text: string, user: SlackUser, channel: string, responseUrl: string): SocketEnvelope {
  const payload = Object.fromEntries(new URLSearchParams(slashBody(text, user, channel, responseUrl)));
  return { type: 'slash_commands', envelope_id: randomUUID(), payload, accepts_response_payload: true };
}

/** The Socket Mode envelope of a click on a block button (block_actions). */
export function buttonEnvelope(actionId: string, value: string, user: SlackUser, channel: string, messageTs: string, responseUrl: string): SocketEnvelope {
  const payload = JSON.parse(new URLSearchParams(buttonBody(actionId, value, user, channel, messageTs, responseUrl)).get('payload')!) as Record<string, unknown>;
  return { type: 'interactive', envelope_id: randomUUID(), payload, accepts_response_payload: false };
}

/** The Socket Mode envelope of an app_mention event. */
export function mentionEnvelope(text: string, user: string, channel: string, ts: string): SocketEnvelope {
  const payload = JSON.parse(mentionBody(text, user, channel, ts)) as Record<string, unknown>;
  return { type: 'events_api', envelope_id: randomUUID(), payload, accepts_response_payload: false, retry_attempt: 0, retry_reason: '' };
}
