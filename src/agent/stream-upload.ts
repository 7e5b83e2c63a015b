import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Readable } from 'node:stream';
import { OperationError, UnreachableError } from '../../core/errors.js';

/** Where and how to stream a seed's copy: the target agent's stream URL, the shared token, a CA for https. */
export interface UploadTarget {
  readonly url: string;
  readonly token: string;
  readonly ca: Buffer | null;
}

async function replyError(res: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of res) text += String(chunk);
  try {
    const body = JSON.parse(text) as { error?: { message?: string } };
    return body.error?.message ?? text;
  } catch {
    return text.slice(0, 500);
  }
}

/**
 * Streams body into an HTTP PUT to the target agent (backpressure kept by piping), counting bytes into onBytes.
 * The request is ended only once producerDone resolves (the producing program exited 0): when it rejects, or the
 * signal fires, the request is destroyed mid-body, so the target never takes a truncated stream for a whole one.
 * Resolves when the target answered 200 (its copy is complete on disk); rejects with the first failure.
 */
export function uploadStream(target: UploadTarget, body: Readable, producerDone: Promise<void>, signal: AbortSignal, onBytes: (bytes: number) => void): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const url = new URL(target.url);
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(url, {
      method: 'PUT',
      headers: { authorization: `Bearer ${target.token}`, 'content-type': 'application/octet-stream' },
      ...(target.ca ? { ca: target.ca } : {}),
    });
    let settled = false;
    const fail = (err: unknown): void => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      body.unpipe(req);
      req.destroy();
      reject(err);
    };
    const onAbort = (): void => fail(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    req.on('error', (err: NodeJS.ErrnoException) => fail(new UnreachableError(`streaming to ${url.origin} failed: ${err.code ?? err.message}`, {}, { cause: err })));
    req.on('response', (res) => {
      if (res.statusCode === 200) {
        res.resume();
        res.on('end', () => {
          if (settled) return;
          settled = true;
          signal.removeEventListener('abort', onAbort);
          resolve();
        });
        return;
      }
      void replyError(res).then((message) => fail(new OperationError(`the target agent refused the stream (HTTP ${res.statusCode}): ${message}`)), fail);
    });
    let bytes = 0;
    body.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      onBytes(bytes);
    });
    body.on('error', fail);
    body.pipe(req, { end: false });
    body.once('end', () => {
      producerDone.then(() => {
        if (!settled) req.end();
      }, fail);
    });
    producerDone.catch(fail);
  });
}
