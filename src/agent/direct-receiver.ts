import { once } from 'node:events';
import { createServer, type Socket } from 'node:net';
import { OperationError } from '../../core/errors.js';
import { DirectHandshake, newTicket, ticketLineMatches } from './direct-handshake.js';

/** A one-shot TCP listener waiting for the source agent of one seed. */
export interface DirectReceiver {
  readonly port: number;
  /** The single-use ticket the source must present (never logged). */
  readonly ticket: string;
  /** The connection that presented the ticket, paused with nothing past the ticket read; rejects on abort or timeout. */
  readonly accepted: Promise<Socket>;
}

/** Where and for how long a receiver listens. */
export interface DirectReceiverOptions {
  readonly host: string;
  readonly signal: AbortSignal;
  /** How long the receiver waits for the source's connection. */
  readonly timeoutMs: number;
  /** How long one connection may take to present its ticket. */
  readonly handshakeTimeoutMs?: number;
}

const MAX_HANDSHAKES = 8;

/**
 * Opens a one-shot TCP listener (port 0 on host) with a new random ticket: a connection is accepted only when its
 * first bytes are exactly the ticket line (compared timing-safe) and nothing follows; anything else is closed and
 * the receiver waits on. The listener closes after the one accepted connection, on abort, or after timeoutMs.
 */
export async function openDirectReceiver(options: DirectReceiverOptions): Promise<DirectReceiver> {
  options.signal.throwIfAborted();
  const ticket = newTicket();
  const server = createServer({ pauseOnConnect: true, allowHalfOpen: true });
  server.maxConnections = MAX_HANDSHAKES;
  const handshaking = new Set<Socket>();
  let finished = false;
  let settle!: (err: Error | null, socket?: Socket) => void;
  const accepted = new Promise<Socket>((resolve, reject) => {
    settle = (err, socket) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      options.signal.removeEventListener('abort', onAbort);
      server.close();
      for (const s of handshaking) s.destroy();
      handshaking.clear();
      if (err) reject(err);
      else resolve(socket!);
    };
  });
  accepted.catch(() => undefined);
  const onAbort = (): void => settle(options.signal.reason instanceof Error ? options.signal.reason : new OperationError('the receiver was stopped'));
  const timer = setTimeout(() => settle(new OperationError(`no source connected to the receiver within ${options.timeoutMs} ms`)), options.timeoutMs);
  timer.unref();

  server.on('connection', (socket) => {
    if (finished) return void socket.destroy();
    handshaking.add(socket);
    const chunks: Buffer[] = [];
    let length = 0;
    const refuse = (): void => {
      clearTimeout(deadline);
      handshaking.delete(socket);
      socket.destroy();
    };
    const deadline = setTimeout(refuse, options.handshakeTimeoutMs ?? 10_000);
    deadline.unref();
    socket.on('error', refuse);
    socket.on('end', refuse);
    const onData = (chunk: Buffer): void => {
      chunks.push(chunk);
      length += chunk.length;
      if (length < DirectHandshake.ticketLineLength) return;
      socket.off('data', onData);
      socket.pause();
      // Anything beyond the ticket line was sent before the answer: not a source that follows the handshake.
      if (length !== DirectHandshake.ticketLineLength || finished || !ticketLineMatches(Buffer.concat(chunks), ticket)) return refuse();
      clearTimeout(deadline);
      handshaking.delete(socket);
      socket.off('error', refuse);
      socket.off('end', refuse);
      settle(null, socket);
    };
    socket.on('data', onData);
    // Paused on connect: reading starts only now, for the ticket.
    socket.resume();
  });
  options.signal.addEventListener('abort', onAbort, { once: true });
  server.listen(0, options.host);
  try {
    await Promise.race([once(server, 'listening'), accepted]);
  } catch (err) {
    settle(err as Error);
    throw err;
  }
  const address = server.address();
  if (address === null || typeof address !== 'object') {
    settle(new OperationError('the receiver has no TCP address'));
    throw new OperationError('the receiver has no TCP address');
  }
  return { port: address.port, ticket, accepted };
}
