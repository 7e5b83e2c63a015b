import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { parseInstanceKey } from '../../../core/model/instance-key.js';
import { SESSION_CONNECT_ATTEMPTS, withServerSession } from '../../../core/replication/server-session.js';

const OPTIONS = { user: 'orc', password: 'secret-pw', connectTimeoutMs: 150, queryTimeoutMs: 500 };
const servers: Server[] = [];
const sockets: Socket[] = [];

afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** A listener that accepts connections and never sends a MySQL greeting (a server too busy to answer), counting them. */
async function silentServer(): Promise<{ port: number; accepted: () => number }> {
  let accepted = 0;
  const server = createServer((socket) => {
    accepted += 1;
    sockets.push(socket);
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { port: (server.address() as { port: number }).port, accepted: () => accepted };
}

describe('withServerSession connecting', () => {
  it(`connects again when connecting times out (nothing was sent), ${SESSION_CONNECT_ATTEMPTS} times in all, then fails naming the step`, async () => {
    const silent = await silentServer();
    let worked = false;
    const run = withServerSession(parseInstanceKey(`127.0.0.1:${silent.port}`), OPTIONS, undefined, async () => {
      worked = true;
    });
    await expect(run).rejects.toMatchObject({ code: 'orc_operation_failed', message: `127.0.0.1:${silent.port}: connect failed: connect ETIMEDOUT` });
    expect(silent.accepted()).toBe(SESSION_CONNECT_ATTEMPTS);
    expect(worked).toBe(false);
  });

  it('fails at once on a refused connection, and stops connecting again once its signal fires', async () => {
    const silent = await silentServer();
    const closed = await silentServer();
    await new Promise((r) => servers.pop()!.close(r));
    await expect(withServerSession(parseInstanceKey(`127.0.0.1:${closed.port}`), OPTIONS, undefined, async () => 1)).rejects.toThrow(/connect failed: connect ECONNREFUSED/);
    const deadline = AbortSignal.timeout(200);
    await expect(withServerSession(parseInstanceKey(`127.0.0.1:${silent.port}`), OPTIONS, deadline, async () => 1)).rejects.toMatchObject({ code: 'orc_operation_failed' });
    expect(silent.accepted()).toBeLessThan(SESSION_CONNECT_ATTEMPTS);
  });
});
