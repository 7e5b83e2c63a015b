import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labDown, labUp } from '../../../ci-env/lab.js';
import type { LabInfo } from '../../../ci-env/lab-types.js';
import { discover } from '../../../core/commands/discover.js';
import { forcedFailover } from '../../../core/commands/forced-failover.js';
import { takeover, type TakeoverResult } from '../../../core/commands/takeover.js';
import { openContext, type OpenedContext } from '../../../src/cli/open-context.js';
import { createWriterTable, idsOn, startLabWriter } from '../../support/lab-writer.js';
import { LAB_PORTS } from '../../support/ports.js';
import { adminQuery, orc, sources, startReadOnlySampler, waitFor } from './command-lab-support.js';
import { teardown } from '../../support/teardown.js';

const LAB = 't-takeover';
let lab: LabInfo;
let opened: OpenedContext;
const host = (port: number) => `127.0.0.1:${port}`;

beforeAll(async () => {
  await labDown(LAB);
  lab = await labUp({ name: LAB, basePort: LAB_PORTS.takeover, replicas: 3, chain: 0 });
  await createWriterTable({ port: LAB_PORTS.takeover, user: lab.user, password: lab.password });
  opened = await openContext(lab.config, 'test:takeover');
  await discover(opened.ctx, host(LAB_PORTS.takeover));
}, 60_000);

afterAll(() => teardown(() => opened?.close(), () => labDown(LAB)));

/** Empties orc_lab.t (each writer numbers its rows from 1) and starts a writer on the primary that has committed 50 rows. */
async function freshWriter(primary: number) {
  await adminQuery(lab, primary, 'TRUNCATE TABLE orc_lab.t');
  const ports = lab.instances.map((i) => i.port);
  const writer = startLabWriter({ ports: [primary, ...ports.filter((p) => p !== primary)], user: lab.appUser, password: lab.appPassword });
  await writer.waitForCommits(50, 10_000);
  return writer;
}

/** Runs one takeover to `to` under a continuous writer and a read_only sampler; returns what they saw. */
async function takeoverUnderLoad(from: number, to: number) {
  const writer = await freshWriter(from);
  const sampler = await startReadOnlySampler(lab);
  await waitFor('read_only samples', async () => sampler.samples.length >= 5, 5_000);
  const result: TakeoverResult = await takeover(opened.ctx, LAB, { to: host(to) });
  const onNew = () => writer.committed.filter((c) => c.port === to).length;
  await waitFor('the writer to commit on the new primary', async () => onNew() >= 50, 10_000);
  const samples = await sampler.stop();
  const committed = await writer.stop();
  return { result, committed, failures: writer.failures, samples };
}

describe('graceful takeover on a real lab under write load', () => {
  it.each([
    ['to a replica', 0, 1],
    ['back to the former primary (stale replica position)', 1, 0],
  ])('%s: no acknowledged row lost, never two writers, everyone follows the new primary', { timeout: 60_000 }, async (_name, fromIndex, toIndex) => {
    const from = lab.instances[fromIndex]!.port;
    const to = lab.instances[toIndex]!.port;
    const { result, committed, failures, samples } = await takeoverUnderLoad(from, to);

    expect(result.recovery).toMatchObject({ kind: 'graceful-takeover', status: 'succeeded', successor: { host: '127.0.0.1', port: to } });
    expect(result.steps.map((s) => s.status).every((s) => s === 'ok')).toBe(true);
    expect(result.steps.map((s) => s.name)).toEqual([
      'designate',
      `wait until ${host(to)} executed everything of ${host(from)}`,
      `set read_only=ON on ${host(from)}`,
      `wait until ${host(to)} executed everything of ${host(from)}`,
      `promote ${host(to)} (reset replication, read_only=OFF)`,
      'no-writer window',
      `repoint ${lab.instances.filter((i) => i.port !== from && i.port !== to).map((i) => host(i.port)).join(', ')} to ${host(to)} (slave_pos)`,
      `make ${host(from)} a replica of ${host(to)} (slave_pos)`,
    ]);

    // The writer was refused by read_only on the old primary (1290), then found the new one.
    expect(failures.some((f) => f.port === from && /read-only/i.test(f.error))).toBe(true);
    const lastOld = Math.max(...committed.filter((c) => c.port === from).map((c) => c.at));
    const firstNew = Math.min(...committed.filter((c) => c.port === to).map((c) => c.at));
    expect(firstNew).toBeGreaterThan(lastOld);

    // Never two writable servers, and a writer again right after the window.
    expect(Math.max(...samples.map((s) => s.writable.length))).toBe(1);
    const unwritable = samples.filter((s) => s.writable.length === 0);
    const sampledGap = unwritable.length > 0 ? Math.max(...unwritable.map((s) => s.at)) - Math.min(...unwritable.map((s) => s.at)) : 0;
    expect(samples.at(-1)!.writable).toEqual([to]);

    // Every survivor replicates from the new primary, including the old one.
    const state = await waitFor(
      'every server to replicate from the new primary',
      async () => {
        const s = await sources(lab);
        return lab.instances.every((i) => (i.port === to ? s[i.port]!.source === null && s[i.port]!.readOnly === false : s[i.port]!.source === to && s[i.port]!.running)) && s;
      },
      10_000,
    );
    expect(state[from]!.readOnly).toBe(true);

    // Every acknowledged row is on the new primary, and the whole cluster converges to one GTID state.
    const onNewPrimary = await idsOn(to, lab);
    expect(committed.filter((c) => !onNewPrimary.has(c.id)).map((c) => c.id)).toEqual([]);
    await waitFor(
      'every server at the same GTID position',
      async () => new Set(await Promise.all(lab.instances.map(async (i) => JSON.stringify(await adminQuery(lab, i.port, 'SELECT @@gtid_current_pos AS p'))))).size === 1,
      10_000,
    );

    console.log(
      `takeover ${host(from)} -> ${host(to)}: no-writer window ${firstNew - lastOld} ms (last commit on old to first on new), ` +
        `orc's own window ${result.windowMs} ms, sampled no-writer span ${sampledGap} ms, takeover total ${result.recovery.endedAt! - result.recovery.startedAt} ms, ` +
        `${committed.length} rows committed`,
    );
    expect(result.windowMs).not.toBeNull();
  });

  it('refuses a designated replica that is not replicating, with one line, and changes nothing', { timeout: 30_000 }, async () => {
    const primary = (await opened.ctx.store.listClusters())[0]!.primary.port;
    const stopped = lab.instances.find((i) => i.port !== primary)!.port;
    await adminQuery(lab, stopped, 'STOP SLAVE');
    try {
      const before = await sources(lab);
      const r = await orc('takeover', LAB, '--to', host(stopped), '--config', lab.config);
      expect(r.code).toBe(1);
      expect(r.err).toBe(`orc: ${host(stopped)} is not replicating (IO thread no, SQL thread stopped) [orc_refused]\n`);
      expect(await sources(lab)).toEqual(before);
    } finally {
      await adminQuery(lab, stopped, 'START SLAVE');
    }
  });

  it('forced failover of a live primary under write load: read-only first, no acknowledged row lost, old primary fenced', { timeout: 60_000 }, async () => {
    const from = (await opened.ctx.store.listClusters())[0]!.primary.port;
    await waitFor('every replica running', async () => Object.values(await sources(lab)).every((s) => s.source === null || s.running), 10_000);
    const writer = await freshWriter(from);
    const sampler = await startReadOnlySampler(lab);
    const result = await forcedFailover(opened.ctx, LAB);
    const to = result.recovery.successor!.port;
    await waitFor('the writer to commit on the new primary', async () => writer.committed.filter((c) => c.port === to).length >= 50, 10_000);
    const samples = await sampler.stop();
    const committed = await writer.stop();

    expect(result).toMatchObject({ oldPrimary: 'set-read-only', undrained: [], recovery: { kind: 'forced-failover', status: 'succeeded' } });
    expect(Math.max(...samples.map((s) => s.writable.length))).toBe(1);
    const onNewPrimary = await idsOn(to, lab);
    expect(committed.filter((c) => !onNewPrimary.has(c.id)).map((c) => c.id)).toEqual([]);
    const state = await sources(lab);
    expect(state[from]).toMatchObject({ readOnly: true, source: null });
    for (const i of lab.instances.filter((x) => x.port !== from && x.port !== to)) expect(state[i.port]!.source).toBe(to);
    expect((await opened.ctx.store.listFenced()).map((f) => f.instance.port)).toEqual([from]);
    const lastOld = Math.max(...committed.filter((c) => c.port === from).map((c) => c.at));
    const firstNew = Math.min(...committed.filter((c) => c.port === to).map((c) => c.at));
    console.log(`forced failover ${host(from)} -> ${host(to)}: no-writer window ${firstNew - lastOld} ms, total ${result.recovery.endedAt! - result.recovery.startedAt} ms`);
  });
});
