import Database from 'better-sqlite3';
import { join, dirname } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cliStore, type CliStore } from '../../support/cli-store.js';
import { orc } from '../../support/run-orc.js';

const DAY = 86_400_000;
let cli: CliStore;
let primaries: string[];

beforeEach(async () => {
  cli = await cliStore();
  primaries = await cli.seedClusters(2);
});
afterEach(async () => cli.close());

describe('orc downtime begin bounds', () => {
  it('refuses an overflowing --for with one coded line and stores nothing', async () => {
    const r = await orc('downtime', 'begin', primaries[0]!, '--for', '99999999d', '--reason', 'x', '--config', cli.config);
    expect(r).toEqual({ code: 1, out: '', err: 'orc: --for "99999999d" is too long: at most 365d [orc_bad_input]\n' });
    expect(await cli.store.listDowntime(Date.now())).toEqual([]);
  });

  it('refuses a bad --until, and takes a good one', async () => {
    const past = await orc('downtime', 'begin', primaries[0]!, '--until', '2001-01-01', '--reason', 'x', '--config', cli.config);
    expect(past.err).toBe('orc: --until 2001-01-01T00:00:00.000Z: a downtime ends after now and within 365d [orc_bad_input]\n');
    const nonsense = await orc('downtime', 'begin', primaries[0]!, '--until', '2030-02-30', '--reason', 'x', '--config', cli.config);
    expect(nonsense.err).toBe('orc: --until "2030-02-30": no such day [orc_bad_input]\n');
    const both = await orc('downtime', 'begin', primaries[0]!, '--for', '1h', '--until', '2030-01-01', '--reason', 'x', '--config', cli.config);
    expect(both.err).toBe('orc: a downtime takes exactly one of --for DURATION or --until DATE [orc_bad_input]\n');
    expect(await cli.store.listDowntime(Date.now())).toEqual([]);
    const tomorrow = new Date(Date.now() + DAY).toISOString().slice(0, 16) + 'Z';
    const ok = await orc('downtime', 'begin', primaries[0]!, '--until', tomorrow, '--reason', 'x', '--config', cli.config);
    expect(ok).toMatchObject({ code: 0, out: `${primaries[0]} downtimed until ${tomorrow.slice(0, 16)}:00.000Z: x\n` });
  });
});

describe('a stored downtime beyond any date', () => {
  beforeEach(() => {
    // A row as `downtime begin --for 99999999d` stored it before the bounds existed.
    const db = new Database(join(dirname(cli.config), 'orc.db'));
    const [host, port] = primaries[0]!.split(':');
    db.prepare('INSERT INTO orc_downtime (host, port, owner, reason, began_at, ends_at) VALUES (?, ?, ?, ?, ?, ?)').run(host, Number(port), 'cli:x', 'x', Date.now(), Date.now() + 99_999_999 * DAY);
    db.close();
  });

  it('fails that cluster visibly in orc clusters and orc analysis; the other cluster is shown as usual', async () => {
    const clusters = await orc('clusters', '--config', cli.config);
    expect(clusters).toMatchObject({ code: 0, err: '' });
    expect(clusters.out).toContain(`  would recover now: cannot tell: orc_store_failed: store: the downtime of ${primaries[0]} ends at`);
    expect(clusters.out).toContain('  would recover now: yes: would recover if the primary died now');
    const analysis = await orc('analysis', '--config', cli.config);
    expect(analysis).toMatchObject({ code: 0, err: '' });
    expect(analysis.out).toMatch(new RegExp(`cluster c0 \\(${primaries[0]}\\)\\n  analysis failed: orc_store_failed: store: the downtime of`));
    expect(analysis.out).toContain(`cluster c1 (${primaries[1]})\n  would recover now: yes`);
    const json = JSON.parse((await orc('clusters', '--config', cli.config, '--json')).out);
    expect(json.map((c: { error: string | null }) => c.error?.slice(0, 16) ?? null)).toEqual(['orc_store_failed', null]);
  });
});
