import { startApi, type RunningApi } from '../../../src/api/start-api.js';
import { openContext } from '../../../src/cli/open-context.js';
import { FakeServiceView } from '../api/api-fixture.js';
import { T0 } from '../commands/command-fixture.js';

/** The HTTP API on a free loopback port over the store a CLI config names (the service itself faked); closers go to cleanups. */
export async function serveStoreApi(config: string, cleanups: (() => unknown)[]): Promise<RunningApi> {
  const opened = await openContext(config);
  cleanups.push(() => opened.close());
  const { actor: _actor, ...ctx } = opened.ctx;
  const api = await startApi({ ctx, service: new FakeServiceView(), version: '9.9.9', startedAt: T0 }, { host: '127.0.0.1', port: 0 });
  cleanups.push(() => api.close());
  return api;
}
