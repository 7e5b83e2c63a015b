import { EventEmitter } from 'node:events';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.js';
import { captureIo, type CapturedIo } from '../../support/capture-io.js';
import { cliStore, type CliStore } from '../../support/cli-store.js';
import { orc } from '../../support/run-orc.js';
import { until } from '../../support/service-harness.js';

const DAY = 86_400_000;
let cli: CliStore;

/** `orc serve` running in this process until stop() sends it SIGTERM. */
interface Serving {
  readonly io: CapturedIo;
  readonly done: Promise<number>;
  stop(): Promise<number>;
}

function serve(): Serving {
  const io = captureIo();
  const signals = new EventEmitter();
  const done = main(['node', 'orc', 'serve', '--config', cli.config], io, signals);
  return {
    io,
    done,
    stop: async () => {
      signals.emit('SIGTERM', 'SIGTERM');
      return done;
    },
  };
}

beforeEach(async () => {
  cli = await cliStore();
});
afterEach(async () => cli.close());

describe('orc nodes', () => {
  it('lists host, version, started, last seen and role, marking a node unseen for 3 lease periods stale', async () => {
    const now = Date.now();
    const base = { host: 'orc-b.example', pid: 77, version: '0.0.9', startedAt: now - DAY, role: 'follower' as const };
    await cli.store.recordNodeHeartbeat({ ...base, holder: 'orc-b:77:aa', lastSeenAt: now - 2000 });
    await cli.store.recordNodeHeartbeat({ ...base, holder: 'orc-c:78:bb', host: 'orc-c.example', pid: 78, lastSeenAt: now - 16_000, role: 'leader' });
    const r = await orc('nodes', '--config', cli.config);
    expect(r).toMatchObject({ code: 0, err: '' });
    const lines = r.out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^HOST +PID +VERSION +STARTED +LAST SEEN +ROLE$/);
    expect(lines[1]).toMatch(new RegExp(`^orc-b\\.example +77 +0\\.0\\.9 +${new Date(now - DAY).toISOString()} +2s ago +follower$`));
    expect(lines[2]).toMatch(/^orc-c\.example +78 +0\.0\.9 .* +16s ago +leader \(stale\)$/);
    const json = await orc('nodes', '--json', '--config', cli.config);
    expect(JSON.parse(json.out)).toMatchObject([
      { holder: 'orc-b:77:aa', stale: false, role: 'follower' },
      { holder: 'orc-c:78:bb', stale: true, role: 'leader', lastSeenAt: new Date(now - 16_000).toISOString() },
    ]);
  });

  it('says so when no service ever ran', async () => {
    expect(await orc('nodes', '--config', cli.config)).toEqual({ code: 0, out: 'no orc service has run on this store yet\n', err: '' });
  });
});

describe('orc serve on a SQLite store', () => {
  it('refuses a second service on the same file while CLI commands keep working; a new one starts after the first stops', { timeout: 30_000 }, async () => {
    const first = serve();
    const row = await until('the first service to write its row', async () => (await cli.store.listNodes())[0], 10_000);
    expect(row).toMatchObject({ role: 'leader', pid: process.pid });

    const second = await orc('serve', '--config', cli.config);
    const path = join(dirname(cli.config), 'orc.db');
    expect(second).toMatchObject({ code: 1, out: '' });
    expect(second.err).toBe(
      `orc: another orc service (holder ${row.holder}, pid ${process.pid}) uses ${path}; a SQLite store serves one service: use a MySQL/MariaDB store to run several [orc_refused]\n`,
    );
    const nodes = await orc('nodes', '--config', cli.config);
    expect(nodes.code).toBe(0);
    expect(nodes.out).toMatch(/ leader\n$/);
    expect((await orc('clusters', '--config', cli.config)).code).toBe(0);

    expect(await first.stop()).toBe(0);
    const third = serve();
    await until('a new service to lead', async () => (await cli.store.listNodes()).find((n) => n.holder !== row.holder && n.role === 'leader'), 10_000);
    expect(await third.stop()).toBe(0);
  });
});
