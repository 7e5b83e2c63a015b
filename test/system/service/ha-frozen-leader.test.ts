import { describe, expect, it } from 'vitest';
import { killServer } from '../../../ci-env/lab.js';
import { awaitFile } from '../../support/await-file.js';
import { awaitLogLine } from '../../support/await-log-line.js';
import { useHaLab } from '../../support/ha-lab.js';
import { LAB_PORTS } from '../../support/ports.js';
import { awaitReplicatingFrom, until, writablePorts } from '../../support/service-harness.js';

describe('an orc serve leader frozen (SIGSTOP) during a recovery step, thawed after another took over', () => {
  const ha = useHaLab('t-ha-frozen', LAB_PORTS.haFrozenLeader, { preFailover: 'block' });

  it('cannot complete its step: the store refuses it and records the refusal; the cluster is promoted once', { timeout: 60_000 }, async () => {
    const { lab, store, hooks } = ha;
    const frozen = ha.startOrc();
    await ha.awaitLeader(15_000);
    const others = [ha.startOrc(), ha.startOrc()];
    for (const orc of others) await awaitLogLine(orc.log, /orc service started/, 15_000);
    await ha.awaitProbedSince(Date.now(), [], 10_000);

    const primary = lab.instances.find((i) => i.role === 'primary')!;
    await killServer(lab.name, primary.port);
    await awaitFile(hooks.preFailover!.marker, 20_000);
    const [stopped] = (await store.listRecoveries()).filter((r) => r.status === 'running');
    expect(stopped).toMatchObject({ kind: 'dead-primary', failed: { port: primary.port }, successor: null });
    process.kill(frozen.pid, 'SIGSTOP');

    // Another service leads, takes the stopped recovery over (undoing it) and fails the cluster over itself.
    const next = await ha.awaitLeader(10_000, [frozen.pid]);
    const done = await until(
      'a recovery with a successor to end',
      async () => (await store.listRecoveries()).find((r) => r.status === 'succeeded' && r.successor !== null),
      40_000,
      100,
    );
    expect(done.id).not.toBe(stopped!.id);
    const successor = done.successor!.port;

    // The frozen leader's hook run ends while it is frozen; thawed, it tries to record it and go on to promote.
    hooks.preFailover!.release();
    process.kill(frozen.pid, 'SIGCONT');
    const refused = await until(
      'the late step to be refused',
      async () => (await store.listAudit()).find((a) => a.action === 'step-refused' && a.target === stopped!.id),
      10_000,
      100,
    );
    expect(refused).toMatchObject({ outcome: 'refused' });
    await awaitLogLine(frozen.log, /"msg":"recovery step refused"/, 5_000);

    await awaitReplicatingFrom(lab, successor, [primary.port], 20_000);
    expect(await writablePorts(lab)).toEqual([successor]);
    const recoveries = await store.listRecoveries();
    expect(recoveries.filter((r) => r.successor !== null).map((r) => r.id)).toEqual([done.id]);
    const promotions = [];
    for (const r of recoveries) promotions.push(...(await store.getRecovery(r.id))!.steps.filter((s) => s.status === 'ok' && /^promote /.test(s.name)));
    expect(promotions).toHaveLength(1);
    expect(await Promise.race([frozen.exited, Promise.resolve('running')])).toBe('running');
    process.stdout.write(`ha-frozen-leader: ${next.pid} took over; refused: ${refused.detail}\n`);
  });
});
