import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliStore, type CliStore } from '../../support/cli-store.js';
import { orc } from '../../support/run-orc.js';

describe('--config and --json before or after the command name', () => {
  let cli: CliStore;
  let primaries: string[];
  beforeAll(async () => {
    cli = await cliStore();
    primaries = await cli.seedClusters(2);
  });
  afterAll(async () => cli?.close());

  it('orc --config P topology X prints what orc topology X --config P prints, text and --json', async () => {
    const after = await orc('topology', 'c1', '--config', cli.config);
    expect(after.code, after.err).toBe(0);
    expect(after.out).toContain(primaries[1]);
    expect(await orc('--config', cli.config, 'topology', 'c1')).toEqual(after);
    const jsonAfter = await orc('topology', 'c1', '--config', cli.config, '--json');
    expect(JSON.parse(jsonAfter.out)).toMatchObject({ cluster: { alias: 'c1', primary: primaries[1] } });
    // The topology JSON carries when it was read: the only field two reads may not share.
    const readAt = (r: { out: string }) => r.out.replace(/"at": \d+/g, '"at": 0');
    for (const args of [['--json', '--config', cli.config, 'topology', 'c1'], ['--config', cli.config, 'topology', 'c1', '--json'], ['--json', 'topology', 'c1', '--config', cli.config]]) {
      const r = await orc(...args);
      expect(r.code, `${args.join(' ')}: ${r.err}`).toBe(0);
      expect(readAt(r)).toBe(readAt(jsonAfter));
    }
  });

  it('reaches a nested command: orc --config P --json downtime begin ... then end', async () => {
    const begin = await orc('--config', cli.config, '--json', 'downtime', 'begin', primaries[0]!, '--for', '1h', '--reason', 'patching');
    expect(begin.code, begin.err).toBe(0);
    expect(JSON.parse(begin.out)).toMatchObject({ instance: primaries[0], reason: 'patching' });
    expect(await cli.store.listDowntime(Date.now())).toHaveLength(1);
    expect(await orc('--config', cli.config, 'downtime', 'end', primaries[0]!)).toEqual({ code: 0, out: `downtime of ${primaries[0]} ended\n`, err: '' });
  });

  it('a config given before the command is the one used: a missing file fails the same in both places', async () => {
    const missing = '/nonexistent/orc.json';
    const expected = { code: 1, out: '', err: `orc: cannot read config file ${missing}: ENOENT [orc_config_invalid]\n` };
    expect(await orc('clusters', '--config', missing)).toEqual(expected);
    expect(await orc('--config', missing, 'clusters')).toEqual(expected);
  });

  it('refuses --json for a command that has no JSON output, in either place', async () => {
    const before = await orc('--json', 'serve', '--config', cli.config);
    expect(before).toEqual({ code: 1, out: '', err: 'orc: orc serve takes no --json [orc_bad_input]\n' });
    expect(await orc('serve', '--json', '--config', cli.config)).toEqual(before);
  });
});
