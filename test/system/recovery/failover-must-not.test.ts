import { describe, expect, it } from 'vitest';
import { killServer } from '../../../ci-env/lab.js';
import type { LabInfo } from '../../../ci-env/lab-types.js';
import { expectNoLostRows } from '../../support/failover-checks.js';
import { createWriterTable, idsOn, startLabWriter } from '../../support/lab-writer.js';
import { LAB_PORTS } from '../../support/ports.js';
import { adminQuery, awaitRecovery, until, useLabWithService } from '../../support/service-harness.js';

const LAB = 't-failover-must-not';
const mustNotPortOf = (lab: LabInfo) => lab.instances.find((i) => i.role === 'replica' && i.source === lab.instances[0]!.port)!.port;
const setup = useLabWithService(LAB, LAB_PORTS.failoverMustNot, (raw, lab) => {
  raw.recovery.promotionRules = { [`127.0.0.1:${mustNotPortOf(lab)}`]: 'must_not' };
});
const mustNotPort = () => mustNotPortOf(setup.lab);

describe('automated failover: the most up-to-date replica must not be promoted', () => {
  it('promotes another replica after it caught up from the must_not one, losing nothing', { timeout: 60_000 }, async () => {
    const { lab, orc } = setup;
    const primary = lab.instances.find((i) => i.role === 'primary')!;
    const candidate = lab.instances.find((i) => i.role === 'intermediate')!;
    await createWriterTable({ port: primary.port, user: lab.user, password: lab.password });
    const writer = startLabWriter({ ports: [primary.port], user: lab.appUser, password: lab.appPassword });
    await writer.waitForCommits(20, 10_000);
    await adminQuery(lab, candidate.port, 'STOP SLAVE IO_THREAD');
    await writer.waitForCommits(writer.committed.length + 50, 10_000);
    const committed = await writer.stop();
    await until('the must_not replica to have every row', async () => (await idsOn(mustNotPort(), lab)).size === committed.length, 10_000);

    await killServer(LAB, primary.port);
    const recovery = await awaitRecovery(orc.store, 20_000);
    expect(recovery).toMatchObject({ status: 'succeeded', successor: { port: candidate.port }, lost: [] });
    const steps = (await orc.store.getRecovery(recovery.id))!.steps.map((s) => `${s.status} ${s.name}`);
    expect(steps).toContain(`ok catch 127.0.0.1:${candidate.port} up from 127.0.0.1:${mustNotPort()}`);
    const onNew = await idsOn(candidate.port, lab);
    expect(committed.filter((r) => !onNew.has(r.id))).toEqual([]);
    await until('the must_not replica to follow the new primary', async () => {
      await expectNoLostRows(lab, candidate.port, [primary.port], committed);
      return true;
    }, 10_000);
  });
});
