import { TEST_CONFIG } from '../support/test-config.js';
import { afterEach, describe, expect, it } from 'vitest';
import { parseInstanceKey } from '../../core/model/instance-key.js';
import { MemoryStore } from '../support/memory-store.js';
import { KEYS, renderApp, rowWith, unmountAll } from './fixtures/app-harness.js';
import { seedScreenData } from './fixtures/screen-data.js';
import { channel, facts, FakeClock, seedTopologies, T0 } from './fixtures/topology.js';

afterEach(unmountAll);

async function fixture() {
  const store = new MemoryStore();
  const clock = new FakeClock(T0);
  await seedTopologies(store, T0);
  const data = await seedScreenData(store, T0);
  return { store, clock, ctx: { store, clock, config: TEST_CONFIG }, ...data };
}

describe('dashboard screens', () => {
  it('clusters: primary, counts, automated recovery and why not, worst finding; the footer names every screen', async () => {
    const f = await fixture();
    await f.store.recordProbeFailure({ key: parseInstanceKey('127.0.0.1:4406'), at: T0, error: 'orc_unreachable: timeout' }, '127.0.0.1:4406');
    const h = renderApp(f.ctx);
    const frame = await h.shows('worst');
    // main had an unacknowledged recovery a minute ago: the anti-flap block holds automated recovery back.
    expect(rowWith(frame, '› main')).toMatch(/4\/4 up {2}auto OFF: blocked by recent recovery {2}primary 127\.0\.0\.1:3306$/);
    expect(rowWith(frame, 'reports')).toMatch(/1\/2 up {2}✗ primary unreachable {2}! 1 with problems {2}worst UnreachablePrimary {2}auto on {2}pri/);
    expect(frame.split('\n').at(-1)).toMatch(/^ 1 clusters 2 topology 3 problems 4 recoveries 5 seeds\+rollouts 6 audit {2}read-only · \? help · q quit/);
  });

  it('topology: a cursor over the servers, the lag trend from recent samples, stale servers and scrolling', async () => {
    const f = await fixture();
    const h = renderApp(f.ctx, { screen: 'topology', staleAfterMs: 20_000 });
    await h.shows('127.0.0.1:3309');
    // Three probes of 3308 with a growing lag: the trend shows three samples, highest last.
    for (const lag of [5, 9]) {
      f.clock.advance(1_000);
      await f.store.recordObservation({ clusterName: '127.0.0.1:3306', facts: facts('127.0.0.1:3308', f.clock.now(), channel('127.0.0.1:3306', { lagSeconds: lag })) });
      await h.frame((fr) => fr.includes(`lag ${lag}s`));
    }
    let frame = await h.frame((fr) => /lag 9s\s+[▁-█]{3}/.test(fr));
    expect(rowWith(frame, '127.0.0.1:3308')).toMatch(/lag 9s ▃▅█/);
    expect(frame).toMatch(/── topology of main · 1\/4 servers · as of 10:20:32/);
    expect(rowWith(frame, '› ')).toContain('127.0.0.1:3306');
    h.press('j');
    frame = await h.frame((fr) => rowWith(fr, '› ').includes('127.0.0.1:3307'));
    expect(frame).toContain('2/4 servers');
    // 25 s without a probe of the others: stale, with the time since last contact.
    f.clock.advance(25_000);
    await f.store.recordObservation({ clusterName: '127.0.0.1:3306', facts: facts('127.0.0.1:3308', f.clock.now(), channel('127.0.0.1:3306', { lagSeconds: 0 })) });
    frame = await h.shows('STALE');
    expect(rowWith(frame, '127.0.0.1:3309')).toContain('STALE: last contact 27s');
    expect(rowWith(frame, '127.0.0.1:3308')).not.toContain('STALE');
  });

  it('topology scrolls to keep the cursor visible in a small terminal', async () => {
    const f = await fixture();
    const h = renderApp(f.ctx, { screen: 'topology', rows: 6 });
    let frame = await h.shows('127.0.0.1:3307');
    expect(frame).not.toContain('127.0.0.1:3308');
    h.press('G');
    frame = await h.frame((fr) => fr.includes('› └─ 127.0.0.1:3308'));
    expect(frame).toContain('4/4 servers');
    expect(frame).not.toContain('127.0.0.1:3306 ');
    expect(frame.split('\n').length).toBeLessThanOrEqual(5);
  });

  it('problems: every finding across clusters, most severe first; Enter opens its cluster, Esc comes back', async () => {
    const f = await fixture();
    await f.store.recordProbeFailure({ key: parseInstanceKey('127.0.0.1:4406'), at: T0, error: 'orc_unreachable: timeout' }, '127.0.0.1:4406');
    await f.store.recordProbeFailure({ key: parseInstanceKey('127.0.0.1:3306'), at: T0, error: 'orc_unreachable: timeout' }, '127.0.0.1:3306');
    for (const replica of ['127.0.0.1:3307', '127.0.0.1:3308']) {
      await f.store.recordObservation({ clusterName: '127.0.0.1:3306', facts: facts(replica, T0, channel('127.0.0.1:3306', { ioState: 'connecting', lastIoErrno: 2003 })) });
    }
    const h = renderApp(f.ctx);
    h.press('3');
    const frame = await h.shows('DeadPrimary');
    const rows = frame.split('\n').filter((l) => /^(› | {2})(critical|actionable|structure|informational) /.test(l));
    expect(rows.length).toBeGreaterThanOrEqual(2);
    const kinds = rows.map((r) => r.trim().replace(/^› /, '').split(/\s+/)[0]!);
    const order = ['critical', 'actionable', 'structure', 'informational'];
    expect(kinds.map((k) => order.indexOf(k))).toEqual([...kinds.map((k) => order.indexOf(k))].sort((a, b) => a - b));
    expect(kinds[0]).toBe('critical');
    expect(rows[0]).toContain('main');
    expect(frame).toMatch(/actionable +main {2}DeadPrimary {2}127\.0\.0\.1:3306/);
    expect(rowWith(frame, 'UnreachablePrimary')).toMatch(/informational +reports/);
    h.press(KEYS.enter);
    await h.shows('── topology of main');
    h.press(KEYS.escape);
    await h.shows('── problems');
  });

  it('recoveries: recent ones with acknowledgement; Enter shows the steps with timings, Esc goes back', async () => {
    const f = await fixture();
    const h = renderApp(f.ctx, { screen: 'recoveries' });
    let frame = await h.shows('r1');
    expect(rowWith(frame, 'r1')).toMatch(/10:19:30 {2}r1 {2}partial {4}main {2}DeadPrimary {2}127\.0\.0\.1:3306 -> 127\.0\.0\.1:3307 {2}4s {2}UNACKED/);
    h.press(KEYS.enter);
    frame = await h.shows('repoint 127.0.0.1:3308');
    expect(rowWith(frame, 'designate')).toMatch(/1\. designate\s+ok\s+100ms {2}chose 127\.0\.0\.1:3307/);
    expect(rowWith(frame, '2. promote')).toMatch(/2\. promote 127\.0\.0\.1:3307\s+ok\s+1s/);
    expect(rowWith(frame, 'repoint')).toMatch(/3\. repoint 127\.0\.0\.1:3308\s+failed\s+2s {2}orc_unreachable: timeout/);
    expect(frame).toContain('not acknowledged');
    expect(frame).toContain('── recoveries › r1');
    h.press(KEYS.escape);
    frame = await h.frame((fr) => fr.includes('UNACKED') && !fr.includes('designate'));
  });

  it('seeds and rollouts: progress bars, stage, bytes, rate and ETA', async () => {
    const f = await fixture();
    const h = renderApp(f.ctx, { screen: 'seeds' });
    let frame = await h.shows('seed S1');
    expect(rowWith(frame, 'seed S1')).toMatch(/seed S1 {2}██░{10} 1\/5 Backup Running {2}64\.0 MiB {2}— \/s {2}running 30s {2}mariabackup 127\.0\.0\.1:3307/);
    expect(rowWith(frame, 'rollout prod/web')).toMatch(/████░{7}\S* 4\/10 progressing {2}v2 {2}step 1\/2 {2}— \/min {2}ETA —/);
    // Ten seconds later the seed copied 10 MiB more and the rollout finished two targets more: rates and ETA appear.
    f.clock.advance(10_000);
    await f.store.updateSeed({ ...f.seed, bytesCopied: 74 * 1024 * 1024 }, { status: 'Running', stage: 'Backup' } as never);
    await f.store.saveRollout({ rollout: { ...f.rollout, counts: { total: 10, pending: 0, succeeded: 6, failed: 0 }, revision: 2 }, expectedRevision: 1, upserts: [], removals: [] });
    frame = await h.shows('/min');
    frame = await h.frame((fr) => rowWith(fr, 'seed S1').includes('1.0 MiB/s') && rowWith(fr, 'rollout prod/web').includes('12.0/min'));
    expect(rowWith(frame, 'rollout prod/web')).toMatch(/6\/10 progressing .* 12\.0\/min {2}ETA 20s/);
  });

  it('audit: the latest entries, filtered with /, Esc clears the filter', async () => {
    const f = await fixture();
    const h = renderApp(f.ctx, { screen: 'audit' });
    let frame = await h.shows('slack:bob');
    expect(rowWith(frame, 'slack:bob')).toMatch(/10:20:29 {2}refused {3}slack:bob {2}graceful-takeover {2}127\.0\.0\.1:4406/);
    expect(frame).toContain('cli:alice');
    h.press('/');
    for (const c of 'disk') h.press(c);
    frame = await h.frame((fr) => !fr.includes('slack:bob'));
    expect(frame).toContain('/disk▏');
    expect(frame).toContain('1/1 entries');
    expect(rowWith(frame, '› ')).toContain('downtime-begin');
    h.press(KEYS.enter);
    frame = await h.frame((fr) => !fr.includes('▏'));
    expect(frame).toContain('filter "disk"');
    h.press(KEYS.escape);
    frame = await h.shows('slack:bob');
    expect(frame).toContain('2 entries');
  });

  it('keys that arrive in one read (typed fast over a slow link, or pasted) are each a key: "6/disk\\r" filters the audit', async () => {
    const f = await fixture();
    const h = renderApp(f.ctx);
    await h.shows('127.0.0.1:3309');
    h.press('6/disk\r');
    // The audit screen reads its entries after the switch: wait for them, filtered.
    const frame = await h.frame((fr) => fr.includes('filter "disk"') && fr.includes('1/1 entries'));
    expect(rowWith(frame, '› ')).toContain('downtime-begin');
    expect(frame).not.toContain('slack:bob');
  });

  it('help lists every key, actions only outside read-only mode; screens switch with digits, Tab and h/l', async () => {
    const f = await fixture();
    const h = renderApp(f.ctx);
    await h.shows('127.0.0.1:3309');
    h.press('?');
    let frame = await h.shows('Keys');
    for (const text of ['↑/↓ or j/k move', '1-6 screens', '/ filter', '⏎ drill in', 'Esc back', 'q quit', 'read-only mode: actions are hidden']) expect(frame).toContain(text);
    expect(frame).not.toContain('T graceful takeover');
    h.press('?');
    await h.frame((fr) => !fr.includes('Keys'));
    h.press('\t');
    await h.shows('── topology');
    h.press('l');
    await h.shows('── problems');
    h.press('h');
    await h.shows('── topology');
    h.press('6');
    await h.shows('── audit');
  });
});
