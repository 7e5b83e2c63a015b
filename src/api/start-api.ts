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
  return { url: `http://${host}:${port}`, host: listen.host, port, close: () => app.close() };
}
