import { connect, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { apiFixture } from './api-fixture.js';

describe('closing the API', () => {
  it('drops a connection that never sent a request instead of waiting for its client, and answers one in use first', async () => {
    const f = await apiFixture();
    const spare: Socket = connect(f.api.port, '127.0.0.1');
    await new Promise<void>((resolve) => spare.once('connect', () => resolve()));
    const spareClosed = new Promise<void>((resolve) => spare.once('close', () => resolve()));
    // A keep-alive connection that carried a request stays usable until the close, which Node ends as idle.
    expect((await f.call('GET', '/api/clusters')).status).toBe(200);
    const started = Date.now();
    await f.api.close();
    await spareClosed;
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
