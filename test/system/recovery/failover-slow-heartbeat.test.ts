import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { healServer, isolateServer, killServer, labDown, labUp, type LabInfo } from '../../../ci-env/lab.js';
import type { Finding } from '../../../core/analysis/finding.js';
import { clusterAnalysis } from '../../../core/commands/cluster-analysis.js';
import { repoint } from '../../../core/commands/repoint.js';
import { formatInstanceKey } from '../../../core/model/instance-key.js';
import { LAB_PORTS } from '../../support/ports.js';
import { adminQuery, awaitRecovery, startService, until, writablePorts, type RunningService } from '../../support/service-harness.js';

const LAB = 't-failover-slow-heartbeat';
const BASE = LAB_PORTS.failoverSlowHeartbeat;
const name = (port: number) => `127.0.0.1:${port}`;
/** Analysis passes that must show the primary unreachable but unconfirmed while the old rule would have failed it over. */
const PASSES = 10;
/** A replica stream still this long is past the lab's heartbeatStallMs (1 s) and the 2 s after which the issue saw a failover. */
const MIN_STILL_MS = 3_000;

/** The longest "stream still for N ms" among an unconfirmed primary's replicas (the evidence orc shows). */
function longestStillMs(finding: Finding): number {
  const evidence = (finding.details.cannotConfirm as string[] | undefined) ?? [];
  return Math.max(0, ...evidence.map((line) => Number(/stream still for (\d+)ms/.exec(line)?.[1] ?? 0)));
}

describe('no failover of an idle primary only orc cannot reach, when replicas keep the server-default heartbeat', () => {
  let lab: LabInfo;
  let orc: RunningService;
  const primary = BASE;
  const replicas = [BASE + 1, BASE + 2, BASE + 3];
  const cluster = name(primary);
  const latest = (): readonly Finding[] => orc.service.recovery.latestFindings().get(cluster) ?? [];
  const codesOf = (findings: readonly Finding[], code: string) => findings.filter((f) => f.code === code).map((f) => formatInstanceKey(f.instance));

  beforeAll(async () => {
    await labDown(LAB);
    lab = await labUp({ name: LAB, basePort: BASE, heartbeat: 'server-default' });
    orc = await startService(lab);
  }, 60_000);

  afterAll(async () => {
    await orc?.stop();
    await labDown(LAB);
  });

  it('keeps the primary: unreachable, not confirmed, replicas named as slow heartbeats; no recovery, one writable server', { timeout: 60_000 }, async () => {
    expect(lab.heartbeat).toMatchObject({ mode: 'server-default', periodSeconds: 30 });
    // `orc analysis` names every replica whose period cannot confirm a hung primary, before anything breaks.
    const [before] = await clusterAnalysis(orc.commands, cluster);
    expect(before!.findings.filter((f) => f.finding.code === 'ReplicaSlowHeartbeat').map((f) => formatInstanceKey(f.finding.instance))).toEqual(
      replicas.map(name),
    );
    expect(before!.findings.find((f) => f.finding.code === 'ReplicaSlowHeartbeat')!.finding.details.fix).toBe(`orc repoint ${name(BASE + 1)} applies orc's heartbeat`);

    await isolateServer(LAB, primary);
    const seen = new Set<readonly Finding[]>();
    const deadPasses: string[] = [];
    let unconfirmedPasses = 0;
    const last = await until(
      `${PASSES} analysis passes with ${cluster} unreachable and its replicas' streams still past ${MIN_STILL_MS}ms`,
      async () => {
        const findings = latest();
        if (seen.has(findings)) return null;
        seen.add(findings);
        const onPrimary = findings.filter((f) => formatInstanceKey(f.instance) === cluster);
        // Every pass after the isolation counts: a dead primary in any of them is the false failover.
        deadPasses.push(...onPrimary.filter((f) => f.actionable).map((f) => f.code));
        const unreachable = onPrimary.find((f) => f.code === 'UnreachablePrimary');
        // Streams still for longer than the old rule's heartbeatStallMs and the 2 s: the old rule's DeadPrimary.
        const unconfirmed = unreachable !== undefined && longestStillMs(unreachable) > MIN_STILL_MS;
        if (unconfirmed) unconfirmedPasses += 1;
        // ...and over several poll rounds, so the re-probes that confirm a failure have run too.
        const longEnough = Number(unreachable?.details.unreachableForMs ?? 0) >= 3 * orc.config.discovery.pollIntervalMs;
        return deadPasses.length > 0 || (unconfirmed && unconfirmedPasses >= PASSES && longEnough) ? findings : null;
      },
      45_000,
      20,
    );
    expect(deadPasses).toEqual([]);
    const unreachable = last.find((f) => f.code === 'UnreachablePrimary')!;
    expect(unreachable.details.reason).toContain("have a heartbeat period too long to tell a hung source from an idle one");
    expect(unreachable.details.confirmedBy).toEqual([]);
    expect(codesOf(last, 'ReplicaSlowHeartbeat')).toEqual(replicas.map(name));
    expect(orc.service.recovery.blockedRecoveries()).toEqual([]);
    expect(await orc.store.listRecoveries()).toEqual([]);
    expect(await writablePorts(lab)).toEqual([primary]);

    await healServer(LAB, primary);
    await until(`${cluster} reachable again with no failure finding`, async () => latest().every((f) => f.kind === 'structure') && latest().length > 0, 15_000);
    expect(await orc.store.listRecoveries()).toEqual([]);
    expect(await writablePorts(lab)).toEqual([primary]);
  });

  it("`orc repoint` applies orc's heartbeat period, and the replica's warning goes away", { timeout: 30_000 }, async () => {
    const replica = BASE + 2;
    await repoint(orc.commands, name(replica));
    // Only the ALL SLAVES form shows the heartbeat period.
    const [status] = (await adminQuery(lab, replica, 'SHOW ALL SLAVES STATUS')) as Record<string, unknown>[];
    expect(status).toMatchObject({ Slave_IO_Running: 'Yes', Master_Port: primary, Slave_heartbeat_period: orc.config.replication!.heartbeatPeriodSeconds });
    await until(`no ReplicaSlowHeartbeat on ${name(replica)}`, async () => !codesOf(latest(), 'ReplicaSlowHeartbeat').includes(name(replica)), 10_000);
    expect(codesOf(latest(), 'ReplicaSlowHeartbeat')).toEqual([BASE + 1, BASE + 3].map(name));
  });

  it('a killed primary still fails over at once: connect errors confirm whatever the heartbeat period', { timeout: 30_000 }, async () => {
    // BASE + 1 still has the 30 s period: DeadPrimary needs it to confirm, which only its IO thread can do.
    expect(codesOf(latest(), 'ReplicaSlowHeartbeat')).toContain(name(BASE + 1));
    const killedAt = Date.now();
    await killServer(LAB, primary);
    const recovery = await awaitRecovery(orc.store, 20_000);
    expect(recovery).toMatchObject({ status: 'succeeded', kind: 'dead-primary', trigger: 'DeadPrimary', failed: { port: primary } });
    expect(recovery.startedAt - killedAt).toBeLessThan(5_000);
    expect(await writablePorts(lab)).toEqual([recovery.successor!.port]);
  });
});
