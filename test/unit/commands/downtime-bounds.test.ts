import { describe, expect, it, vi } from 'vitest';
import { beginDowntime, MAX_DOWNTIME_MS } from '../../../core/commands/begin-downtime.js';
import { clusterAnalysis } from '../../../core/commands/cluster-analysis.js';
import { clustersOverview } from '../../../core/commands/clusters-overview.js';
import { parseDuration } from '../../../core/commands/parse-duration.js';
import { parseInstant } from '../../../core/commands/parse-instant.js';
import { parseInstanceKey } from '../../../core/model/instance-key.js';
import { readGateState } from '../../../core/recovery/gate-state.js';
import { makeFacts } from '../../support/facts-builder.js';
import { commandFixture, P, R1, rejection, T0, type CommandFixture } from './command-fixture.js';

const DAY = 86_400_000;
const OTHER = '127.0.0.1:4306';

/** Adds a second cluster (OTHER alone) to the fixture's store. */
async function addOtherCluster(f: CommandFixture): Promise<void> {
  await f.store.recordObservation({ facts: makeFacts(OTHER, { readOnly: false, at: T0 }), clusterName: OTHER });
  await f.store.upsertCluster({ name: OTHER, alias: 'other', primary: parseInstanceKey(OTHER), updatedAt: T0 });
}

/** Makes the store answer a downtime of P ending beyond any date, as a row written before the bounds would. */
function badDowntimeRow(f: CommandFixture): void {
  vi.spyOn(f.store, 'listDowntime').mockResolvedValue([{ instance: parseInstanceKey(P), owner: 'cli:x', reason: 'x', beganAt: T0, until: T0 + 99_999_999 * DAY }]);
}

describe('duration and date bounds at the input', () => {
  it('refuses durations beyond the bound, overflowing or zero, naming the flag and value', () => {
    expect(parseDuration('365d', '--for', MAX_DOWNTIME_MS)).toBe(365 * DAY);
    for (const [text, message] of [
      ['99999999d', '--for "99999999d" is too long: at most 365d'],
      ['366d', '--for "366d" is too long: at most 365d'],
      ['99999999999999999999w', '--for "99999999999999999999w" is too long: at most 365d'],
      ['0m', '--for "0m" must be positive'],
      ['5x', 'malformed --for "5x": expected a number with a unit (ms, s, m, h, d, w), e.g. 30m or 1h30m'],
    ]) {
      expect(() => parseDuration(text!, '--for', MAX_DOWNTIME_MS), text).toThrow(expect.objectContaining({ code: 'orc_bad_input', message }));
    }
  });

  it('parses ISO dates and refuses what is no date', () => {
    expect(parseInstant('2030-01-31', '--until')).toBe(Date.UTC(2030, 0, 31));
    expect(parseInstant('2030-01-31T08:00Z', '--until')).toBe(Date.UTC(2030, 0, 31, 8));
    expect(parseInstant('2030-01-31T08:00:30.5+02:00', '--until')).toBe(Date.UTC(2030, 0, 31, 6, 0, 30, 500));
    for (const bad of ['2030-02-30', '2030-13-01', '2030-01-31T25:00Z', '2030-01-31T08:00', 'tomorrow', '99999999-01-01', '']) {
      expect(() => parseInstant(bad, '--until'), bad).toThrow(expect.objectContaining({ code: 'orc_bad_input', message: expect.stringMatching(/^--until "/) }));
    }
  });

  it('stores nothing for a downtime that is too long, non-finite, or ends in the past', async () => {
    const f = await commandFixture();
    for (const window of [{ forMs: 99_999_999 * DAY }, { forMs: MAX_DOWNTIME_MS + 1 }, { forMs: Infinity }, { forMs: -1 }, { until: T0 }, { until: T0 + 366 * DAY }, { until: NaN }]) {
      expect(await rejection(beginDowntime(f.ctx, R1, window, 'x')), JSON.stringify(window)).toMatchObject({ code: 'orc_bad_input' });
    }
    expect(await f.store.listDowntime(T0)).toEqual([]);
    expect(await f.store.listAudit()).toEqual([]);
    expect(await beginDowntime(f.ctx, R1, { until: T0 + DAY }, 'x')).toMatchObject({ until: T0 + DAY });
  });

  it('the store refuses a time no date can hold', async () => {
    const f = await commandFixture();
    const row = { instance: parseInstanceKey(R1), owner: 'cli:x', reason: 'x', beganAt: T0, until: T0 + 99_999_999 * DAY };
    expect(await rejection(f.store.beginDowntime(row))).toMatchObject({ code: 'orc_bad_input', message: expect.stringMatching(/^store: until must be whole epoch milliseconds a date can hold/) });
  });
});

describe('a downtime row beyond any date', () => {
  it('fails the gate state of that instance with a coded error naming it', async () => {
    const f = await commandFixture();
    badDowntimeRow(f);
    const view = { clusterName: P, alias: 'shop', instances: await f.store.listInstances() };
    expect(await rejection(readGateState(f.store, f.ctx.config, view, parseInstanceKey(P), T0))).toMatchObject({
      code: 'orc_store_failed',
      message: expect.stringMatching(/^store: the downtime of 127\.0\.0\.1:3306 ends at \d+, which is no valid time: orc downtime end 127\.0\.0\.1:3306 removes it$/),
    });
  });

  it('fails only its own cluster in orc clusters and orc analysis; the others are shown as usual', async () => {
    const f = await commandFixture();
    await addOtherCluster(f);
    badDowntimeRow(f);
    const overview = await clustersOverview(f.ctx);
    const shop = overview.find((c) => c.cluster.name === P)!;
    expect(shop).toMatchObject({ recovery: null, error: expect.stringMatching(/^orc_store_failed: store: the downtime of 127\.0\.0\.1:3306 ends at/) });
    expect(overview.find((c) => c.cluster.name === OTHER)).toMatchObject({ error: null, recovery: { readiness: { allowed: true } } });
    const analysis = await clusterAnalysis(f.ctx);
    expect(analysis.map((a) => [a.cluster.alias, a.error?.slice(0, 16) ?? null])).toEqual([
      ['other', null],
      ['shop', 'orc_store_failed'],
    ]);
  });
});
