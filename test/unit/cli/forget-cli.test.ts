import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseInstanceKey } from '../../../core/model/instance-key.js';
import { cliStore, type CliStore } from '../../support/cli-store.js';
import { orc } from '../../support/run-orc.js';

let cli: CliStore;
let p: string;

beforeEach(async () => {
  cli = await cliStore();
  [p] = (await cli.seedClusters(1)) as [string];
});
afterEach(async () => cli.close());

describe('orc forget', () => {
  it("drops a known instance from orc's view, audited with who asked", async () => {
    const r = await orc('forget', p, '--config', cli.config, '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual({ instance: p, cluster: expect.any(String) });
    expect(await cli.store.getInstance(parseInstanceKey(p))).toBeUndefined();
    const [audit] = await cli.store.listAudit({ limit: 1 });
    expect(audit).toMatchObject({ action: 'forget', target: p, outcome: 'ok' });
    expect(audit!.actor).toMatch(/^cli:/);
  });

  it('refuses an unknown or malformed instance with one coded line, changing nothing', async () => {
    const before = (await cli.store.listInstances()).length;
    expect(await orc('forget', '127.0.0.1:1', '--config', cli.config)).toMatchObject({ code: 1, out: '', err: expect.stringMatching(/\[orc_unknown_instance\]\n$/) });
    expect(await orc('forget', 'nope', '--config', cli.config)).toMatchObject({ code: 1, out: '', err: expect.stringMatching(/\[orc_bad_input\]\n$/) });
    expect(await cli.store.listInstances()).toHaveLength(before);
    expect(await cli.store.listAudit({ limit: 5 })).toEqual([]);
  });
});
