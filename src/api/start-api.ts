import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { ListenAddress } from '../../core/api-config.js';
import { OperationError } from '../../core/errors.js';
import type { ApiDeps } from './api-deps.js';
import { createApiServer } from './api-server.js';

/** A listening API: its bound address (the real port when 0 was asked) and how to stop it. */
export interface RunningApi {
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** Stops accepting, aborts operations still running, waits for in-flight requests, closes. */
  close(): Promise<void>;
}

/** Creates the API server and listens on the address; rejects (nothing left open) when the address cannot be bound. */
export async function startApi(deps: ApiDeps, listen: ListenAddress): Promise<RunningApi> {
  const app = createApiServer(deps);
  const unused = trackUnusedConnections(app);
  try {
    await app.listen({ host: listen.host, port: listen.port });
  } catch (err) {
    await app.close();
    const why = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new OperationError(`the API cannot listen on ${listen.host}:${listen.port}: ${why}`, { host: listen.host, port: listen.port }, { cause: err });
  }
  const bound = app.server.address();
  const port = bound !== null && typeof bound === 'object' ? bound.port : listen.port;
  const host = listen.host.includes(':') ? `[${listen.host}]` : listen.host;
  deps.ctx.logger.info({ host: listen.host, port }, 'api listening');
  const close = async () => {
    const closed = app.close();
    // A connection a client opened but never sent a request on (a pool's spare) is not idle to Node: it would hold
    // the close until the client drops it or the headers time out, a minute later. It carries nothing to answer.
    for (const socket of unused) socket.destroy();
    await closed;
  };
  return { url: `http://${host}:${port}`, host: listen.host, port, close };
}

/** The server's open connections that have not carried a request yet. */
function trackUnusedConnections(app: FastifyInstance): ReadonlySet<Socket> {
  const unused = new Set<Socket>();
  app.server.on('connection', (socket: Socket) => {
    unused.add(socket);
    socket.once('close', () => unused.delete(socket));
  });
  app.server.on('request', (req: IncomingMessage) => unused.delete(req.socket));
  return unused;
}
