import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One Web API call (or response_url post) the stand-in received. */
export interface SlackCall {
  /** The Web API method ("chat.postMessage"), or the response_url path ("response/..."). */
  readonly method: string;
  /** Form or JSON arguments; `blocks` parsed from its JSON string. */
  readonly args: Record<string, unknown>;
  readonly authorization: string | undefined;
}

/**
 * A local stand-in for Slack's Web API (and response URLs): it records every call and answers auth.test,
 * chat.postMessage, chat.update, users.info, usergroups.users.list and apps.connections.open (with socketUrl) like
 * Slack; while down it answers 503.
 */
export class SlackStandIn {
  readonly calls: SlackCall[] = [];
  down = false;
  /** Members of each user group usergroups.users.list answers with. */
  groupMembers: Record<string, string[]> = {};
  /** The WebSocket URL apps.connections.open hands out (a SlackSocketStandIn's url); null: Socket Mode is off. */
  socketUrl: string | null = null;
  private server: Server | null = null;
  private ts = 1000;
  private tickets = 0;

  /** Starts listening on 127.0.0.1 (port 0 picks a free one); the same port can be reused after stop(). */
  async start(port = 0): Promise<void> {
    const server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.server = server;
  }

  get port(): number {
    return (this.server!.address() as AddressInfo).port;
  }

  /** The Web API base URL to give Bolt (slackApiUrl / ORC_SLACK_API_URL). */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api/`;
  }

  /** A response_url on the stand-in. */
  responseUrl(name: string): string {
    return `http://127.0.0.1:${this.port}/response/${name}`;
  }

  /** Calls of one method, in order. */
  of(method: string): SlackCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Polls until check(calls) holds, failing after timeoutMs with what was received. */
  async waitFor(check: (calls: readonly SlackCall[]) => boolean, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!check(this.calls)) {
      if (Date.now() > deadline) throw new Error(`the Slack stand-in did not receive the expected calls; got ${JSON.stringify(this.calls.map((c) => c.method))}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const path = (req.url ?? '/').split('?')[0]!.replace(/^\//, '');
    const method = path.startsWith('api/') ? path.slice(4) : path;
    const args = parseArgs(body, req.headers['content-type']);
    const answer = (status: number, json: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(json));
    };
    if (this.down) {
      answer(503, { ok: false, error: 'service_unavailable' });
      return;
    }
    this.calls.push({ method, args, authorization: req.headers.authorization });
    switch (method) {
      case 'auth.test':
        return answer(200, { ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1', user: 'orc' });
      case 'chat.postMessage':
        this.ts += 1;
        return answer(200, { ok: true, channel: args.channel, ts: `${this.ts}.000100`, message: { text: args.text } });
      case 'chat.update':
        return answer(200, { ok: true, channel: args.channel, ts: args.ts });
      case 'users.info':
        return answer(200, { ok: true, user: { id: args.user, name: `name-of-${String(args.user).toLowerCase()}` } });
      case 'apps.connections.open':
        // Slack takes only an app-level token here; a test-only error stands for an app without Socket Mode.
        if (!req.headers.authorization?.startsWith('Bearer xapp-')) return answer(200, { ok: false, error: 'not_allowed_token_type' });
        if (!this.socketUrl) return answer(200, { ok: false, error: 'stand_in_socket_mode_off' });
        this.tickets += 1;
        return answer(200, { ok: true, url: `${this.socketUrl}?ticket=t${this.tickets}&app_id=A1` });
      case 'usergroups.users.list':
        return answer(200, { ok: true, users: this.groupMembers[String(args.usergroup)] ?? [] });
      default:
        return answer(200, { ok: true });
    }
  }
}

/** The confirmation id a posted confirmation message carries in its Confirm button. */
export function confirmationIdOf(post: SlackCall): string {
  const actions = (post.args.blocks as { type: string; elements?: { value: string }[] }[]).find((b) => b.type === 'actions');
  if (!actions?.elements?.[0]) throw new Error(`not a confirmation: ${JSON.stringify(post.args)}`);
  return actions.elements[0].value;
}

function parseArgs(body: string, contentType: string | undefined): Record<string, unknown> {
  let args: Record<string, unknown> = {};
  if (contentType?.includes('application/json')) args = body ? (JSON.parse(body) as Record<string, unknown>) : {};
  else args = Object.fromEntries(new URLSearchParams(body));
  if (typeof args.blocks === 'string') args.blocks = JSON.parse(args.blocks);
  return args;
}
