import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { OrcError, UnreachableError } from '../../core/errors.js';

/** One JSON call to an agent (or to orc from an agent), authenticated with the shared token. */
export interface JsonCall {
  readonly method: 'GET' | 'POST' | 'PUT';
  readonly url: string;
  readonly token: string;
  readonly body?: unknown;
  readonly timeoutMs: number;
  /** A CA to trust for https (null: the system's). */
  readonly ca?: Buffer | null;
  readonly signal?: AbortSignal;
}

/** What the other end answered: its status and its parsed JSON body (the raw text when it was not JSON). */
export interface JsonReply {
  readonly status: number;
  readonly body: unknown;
}

const MAX_REPLY = 8 * 1024 * 1024;

/**
 * Makes one call over node:http(s) bounded by timeoutMs and the caller's signal. Rejects with UnreachableError when
 * no answer came (refused, reset, timed out), orc_aborted when the caller's signal fired; any HTTP status resolves.
 */
export function callJson(call: JsonCall): Promise<JsonReply> {
  const timeout = AbortSignal.timeout(call.timeoutMs);
  const signal = call.signal ? AbortSignal.any([call.signal, timeout]) : timeout;
  const url = new URL(call.url);
  const payload = call.body === undefined ? null : Buffer.from(JSON.stringify(call.body));
  const headers: Record<string, string> = { authorization: `Bearer ${call.token}`, accept: 'application/json' };
  if (payload) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = String(payload.length);
  }
  return new Promise<JsonReply>((resolve, reject) => {
    const fail = (err: Error & { code?: string }): void => {
      if (call.signal?.aborted) reject(new OrcError('orc_aborted', `call to ${url.origin} aborted`, {}, { cause: err }));
      else if (timeout.aborted) reject(new UnreachableError(`${url.origin} did not answer within ${call.timeoutMs} ms`, { url: url.origin }, { cause: err }));
      else reject(new UnreachableError(`${url.origin} cannot be reached: ${err.code ?? err.message}`, { url: url.origin }, { cause: err }));
    };
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(url, { method: call.method, headers, signal, ...(call.ca ? { ca: call.ca } : {}) }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > MAX_REPLY) req.destroy(new Error(`reply larger than ${MAX_REPLY} bytes`));
        else chunks.push(c);
      });
      res.on('error', fail);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown = text;
        try {
          body = text === '' ? null : JSON.parse(text);
        } catch {
          // not JSON: keep the text for the error message
        }
        resolve({ status: res.statusCode ?? 0, body });
      });
    });
    req.on('error', fail);
    req.end(payload ?? undefined);
  });
}

/** The error message an agent or orc put in its `{ error: { message } }` body, or a short form of the body. */
export function replyMessage(reply: JsonReply): string {
  const b = reply.body as { error?: { message?: unknown } } | string | null;
  if (b && typeof b === 'object' && typeof b.error?.message === 'string') return b.error.message;
  return typeof b === 'string' && b !== '' ? b.slice(0, 300) : `HTTP ${reply.status}`;
}
