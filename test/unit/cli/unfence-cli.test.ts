import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseInstanceKey } from '../../../core/model/instance-key.js';
import { cliStore, type CliStore } from '../../support/cli-store.js';
import { orc } from '../../support/run-orc.js';

let cli: CliStore;
let p: string;

beforeEach(async () => {
  cli = await cliStore();
  [p] = (await cli.seedClusters(1)) as [string];
  const now = Date.now();
  await cli.store.recordFence({ instance: parseInstanceKey(p), cluster: p, recoveryId: 'rec-1', fencedAt: now, state: 'fenced', updatedAt: now, detail: 'demoted' });
});
afterEach(async () => cli.close());

describe('orc unfence', () => {
  it('lifts a fence with a reason, audited, and says so', async () => {
    const r = await orc('unfence', p, '--reason', 're-seeded', '--config', cli.config, '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ instance: p, recoveryId: 'rec-1', state: 'fenced', reason: 're-seeded' });
    expect(await cli.store.listFenced()).toEqual([]);
    const [audit] = await cli.store.listAudit({ limit: 1 });
    expect(audit).toMatchObject({ action: 'unfence', target: p, outcome: 'ok', detail: expect.stringContaining('re-seeded') });
    expect(audit!.actor).toMatch(/^cli:/);
    const again = await orc('unfence', p, '--reason', 're-seeded', '--config', cli.config);
    expect(again).toEqual({ code: 1, out: '', err: `orc: ${p} is not fenced: there is no fence to lift [orc_refused]\n` });
  });

  it('refuses without a reason with one coded line, keeping the fence', async () => {
    const r = await orc('unfence', p, '--config', cli.config);
    expect(r).toEqual({ code: 1, out: '', err: 'orc: lifting a fence needs a reason (--reason TEXT) [orc_bad_input]\n' });
    expect(await cli.store.listFenced()).toHaveLength(1);
  });
});
