import { createHmac } from 'node:crypto';

/** How to spoil a request: wrong secret, a body changed after signing, an old timestamp, or no signature at all. */
export type Spoil = 'none' | 'wrong-secret' | 'tampered' | 'expired' | 'unsigned';

/** POSTs body to url as Slack does: form-encoded (or JSON for events), signed v0=HMAC-SHA256(secret, "v0:ts:body") with the timestamp header. */
export async function slackPost(url: string, body: string, secret: string, spoil: Spoil = 'none', nowSeconds = Math.floor(Date.now() / 1000), contentType = 'application/x-www-form-urlencoded'): Promise<Response> {
  const ts = spoil === 'expired' ? nowSeconds - 6 * 60 : nowSeconds;
  const signature = `v0=${createHmac('sha256', spoil === 'wrong-secret' ? `${secret}x` : secret).update(`v0:${ts}:${body}`).digest('hex')}`;
  const sent = spoil === 'tampered' ? body.replace('text=', 'text=failover%20') : body;
  const headers: Record<string, string> = { 'content-type': contentType };
  if (spoil !== 'unsigned') {
    headers['x-slack-signature'] = signature;
    headers['x-slack-request-timestamp'] = String(ts);
  }
  return fetch(url, { method: 'POST', headers, body: sent });
}

/** The form body of a `/orc TEXT` slash command. */
export function slashBody(text: string, user: { id: string; name: string }, channel: string, responseUrl: string): string {
  return new URLSearchParams({
    token: 'legacy',
    team_id: 'T1',
    team_domain: 'acme',
    channel_id: channel,
    channel_name: 'ops',
    user_id: user.id,
    user_name: user.name,
    command: '/orc',
    text,
    api_app_id: 'A1',
    response_url: responseUrl,
    trigger_id: 't1',
  }).toString();
}

/** The form body (payload=<json>) of a click on a block button. */
export function buttonBody(actionId: string, value: string, user: { id: string; name: string }, channel: string, messageTs: string, responseUrl: string): string {
  const payload = {
    type: 'block_actions',
    team: { id: 'T1', domain: 'acme' },
    user: { id: user.id, username: user.name, name: user.name, team_id: 'T1' },
    api_app_id: 'A1',
    token: 'legacy',
    container: { type: 'message', message_ts: messageTs, channel_id: channel, is_ephemeral: false },
    trigger_id: 't2',
    channel: { id: channel, name: 'ops' },
    message: { type: 'message', ts: messageTs, text: 'confirm' },
    response_url: responseUrl,
    actions: [{ type: 'button', action_id: actionId, block_id: `orc_confirmation_${value}`, value, action_ts: '1.2' }],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** The JSON body of an app_mention event. */
export function mentionBody(text: string, user: string, channel: string, ts: string): string {
  return JSON.stringify({
    token: 'legacy',
    team_id: 'T1',
    api_app_id: 'A1',
    type: 'event_callback',
    event_id: `Ev${ts.replace('.', '')}`,
    event_time: Math.floor(Date.now() / 1000),
    event: { type: 'app_mention', user, text, ts, channel, event_ts: ts },
  });
}
