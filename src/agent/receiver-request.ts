import { OperationError, UnreachableError } from '../../core/errors.js';

/** Where the target's one-shot receiver listens for the direct copy, and the ticket to present. */
export interface ReceiverAddress {
  readonly host: string;
  readonly port: number;
  readonly ticket: string;
}

/**
 * Asks the target agent (plain http, token-authenticated) for a one-shot receiver of the seed's direct copy
 * (POST /api/seeds/:id/receiver); the receiver's host is the one the target agent was reached at.
 */
export async function requestReceiver(agentUrl: string, seedId: string, token: string, timeoutMs: number, signal: AbortSignal): Promise<ReceiverAddress> {
  const url = new URL(`${agentUrl.replace(/\/+$/, '')}/api/seeds/${encodeURIComponent(seedId)}/receiver`);
  let res: Response;
  try {
    res = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]) });
  } catch (err) {
    if (signal.aborted) throw signal.reason;
    const cause = (err as { cause?: NodeJS.ErrnoException }).cause;
    throw new UnreachableError(`asking ${url.origin} for a receiver failed: ${cause?.code ?? (err as Error).message}`, {}, { cause: err });
  }
  const text = await res.text();
  let body: { port?: unknown; ticket?: unknown; error?: { message?: string } } = {};
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    // reported below
  }
  if (res.status !== 200) throw new OperationError(`the target agent refused a receiver (HTTP ${res.status}): ${body.error?.message ?? text.slice(0, 300)}`);
  if (typeof body.port !== 'number' || typeof body.ticket !== 'string') throw new OperationError(`the target agent answered no receiver: ${text.slice(0, 100)}`);
  return { host: url.hostname.replace(/^\[(.*)\]$/, '$1'), port: body.port, ticket: body.ticket };
}
