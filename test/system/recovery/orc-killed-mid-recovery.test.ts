import { describe, expect, it } from 'vitest';
import { killServer } from '../../../ci-env/lab.js';
import type { RecoveryRecord } from '../../../core/ports/recovery-store.js';
import { awaitFile } from '../../support/await-file.js';
import { useLabWithOrcProcess } from '../../support/lab-with-orc-process.js';
import { LAB_PORTS } from '../../support/ports.js';
import { awaitReplicatingFrom, until, writablePorts } from '../../support/service-harness.js';

const BLOCK_PERIOD_MS = 3_600_000;

describe('orc serve killed -9 before the promotion (during a preFailover hook), then started again', () => {
  const setup = useLabWithOrcProcess('t-orc-killed-pre', LAB_PORTS.orcKilledBeforePromote, {
    preFailover: 'block',
    postUnsuccessfulFailover: 'record',
    postFailover: 'record',
  });

  it('rolls the stopped recovery back and fails the cluster over at once, well inside the block period', { timeout: 120_000 }, async () => {
    const { lab, store, hooks } = setup;
    const primary = lab.instances.find((i) => i.role === 'primary')!;
    const first = await setup.startOrc(lab.instances.length);

    await killServer(lab.name, primary.port);
    await awaitFile(hooks.preFailover!.marker, 30_000);
    const [stopped] = (await store.listRecoveries()).filter((r) => r.status === 'running');
    expect(stopped).toMatchObject({ kind: 'dead-primary', failed: { port: primary.port }, successor: null, progress: { phase: 'preparing' } });
    await first.kill9();
    expect(await first.exited).toBe('SIGKILL');

    const restartedAt = Date.now();
    await setup.startOrc(lab.instances.length - 1);
    const done = await until(
      'a new recovery to end',
      async () => (await store.listRecoveries()).find((r) => r.id !== stopped!.id && r.status !== 'running'),
      60_000,
      100,
    );
    expect(done).toMatchObject({ status: 'succeeded', kind: 'dead-primary', failed: { port: primary.port } });
    expect(done.endedAt! - restartedAt).toBeLessThan(BLOCK_PERIOD_MS / 60);

    const rolledBack = (await store.getRecovery(stopped!.id))!;
    expect(rolledBack.record).toMatchObject({ status: 'abandoned', successor: null, runner: null });
    expect(rolledBack.record.summary).toMatch(/^the orc running it stopped before promoting anything; preparation undone/);
    const names = rolledBack.steps.map((s) => `${s.status} ${s.name}`);
    expect(names).toEqual(expect.arrayContaining([expect.stringMatching(/^ok resume$/), expect.stringMatching(/^ok start replica/)]));
    expect(names.some((n) => / promote /.test(` ${n} `))).toBe(false);
    expect(done.startedAt).toBeGreaterThanOrEqual(rolledBack.record.endedAt!);

    const all = await store.listRecoveries();
    expect(all.filter((r) => r.successor !== null).map((r) => r.id)).toEqual([done.id]);
    const successor = done.successor!.port;
    await awaitReplicatingFrom(lab, successor, [primary.port], 20_000);
    expect(await writablePorts(lab)).toEqual([successor]);
    // The abandoned run told the unsuccessful-failover hooks; the new one the post-failover hooks, with its successor.
    expect(hooks.postUnsuccessfulFailover!.runs()).toEqual([`${stopped!.id} successor=: successful=false headless=true`]);
    expect(hooks.postFailover!.runs()).toEqual([`${done.id} successor=127.0.0.1:${successor} successful=true headless=false`]);
    expect(hooks.preFailover!.runs().map((line) => line.split(' ')[0])).toEqual([stopped!.id, done.id]);
  });
});

describe('orc serve killed -9 after the promotion (during a postPrimaryFailover hook), then started again', () => {
  const setup = useLabWithOrcProcess('t-orc-killed-post', LAB_PORTS.orcKilledAfterPromote, {
    postPrimaryFailover: 'block',
    postFailover: 'record',
  });

  it('finishes the same recovery: successor recorded, repoint, fence and hooks done, no second recovery', { timeout: 120_000 }, async () => {
    const { lab, store, hooks } = setup;
    const primary = lab.instances.find((i) => i.role === 'primary')!;
    const first = await setup.startOrc(lab.instances.length);

    await killServer(lab.name, primary.port);
    await awaitFile(hooks.postPrimaryFailover!.marker, 30_000);
    const [running] = (await store.listRecoveries()).filter((r) => r.status === 'running');
    expect(running).toMatchObject({ kind: 'dead-primary', progress: { phase: 'promoted' } });
    const successor = running!.successor!.port;
    await first.kill9();
    expect(hooks.postFailover!.runs()).toEqual([]);

    await setup.startOrc(lab.instances.length - 1);
    const ended: RecoveryRecord = await until(
      'the recovery to end',
      async () => (await store.listRecoveries()).find((r) => r.id === running!.id && r.status !== 'running'),
      60_000,
      100,
    );
    expect(ended).toMatchObject({ status: 'succeeded', successor: { port: successor }, failed: { port: primary.port }, runner: null });
    expect((await store.listRecoveries()).map((r) => r.id)).toEqual([running!.id]);

    const steps = (await store.getRecovery(running!.id))!.steps.map((s) => `${s.status} ${s.name}`);
    const resumed = steps.slice(steps.indexOf('ok resume'));
    expect(resumed).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^ok resume decision$/),
        expect.stringMatching(/^ok repoint /),
        expect.stringMatching(new RegExp(`^ok fence 127\\.0\\.0\\.1:${primary.port}`)),
      ]),
    );
    expect(steps.filter((s) => /^ok promote /.test(s))).toHaveLength(1);
    await awaitReplicatingFrom(lab, successor, [primary.port], 20_000);
    expect(await writablePorts(lab)).toEqual([successor]);
    expect((await store.listFenced()).map((f) => [f.instance.port, f.recoveryId])).toEqual([[primary.port, running!.id]]);
    expect(hooks.postFailover!.runs()).toEqual([`${running!.id} successor=127.0.0.1:${successor} successful=true headless=false`]);
  });
});
