import { expect } from 'vitest';
import type { LabInfo } from '../../ci-env/lab-types.js';
import type { RecoveryRecord } from '../../core/ports/recovery-store.js';
import type { OrcStore } from '../../core/store/open-store.js';
import { idsOn, type CommittedRow } from './lab-writer.js';
import { until, writablePorts } from './service-harness.js';

/** Every row a survivor holds, and every row committed on the new primary, is on the new primary. */
export async function expectNoLostRows(lab: LabInfo, successorPort: number, excluded: readonly number[], committed: readonly CommittedRow[]): Promise<void> {
  const onNew = await idsOn(successorPort, lab);
  for (const i of lab.instances.filter((x) => !excluded.includes(x.port))) {
    const missing = [...(await idsOn(i.port, lab))].filter((id) => !onNew.has(id));
    expect(missing, `rows of ${i.port} missing on the new primary ${successorPort}`).toEqual([]);
  }
  const lost = committed.filter((r) => r.port === successorPort && !onNew.has(r.id)).map((r) => r.id);
  expect(lost, 'rows committed on the new primary').toEqual([]);
}

/** How the rows a writer saw acknowledged ended up after a failover. */
export interface AcknowledgedRows {
  readonly acknowledged: number;
  /** Acknowledged by the old primary in its last moments and received by no survivor: async replication's window. */
  readonly unreplicated: number;
}

/**
 * Every row the writer saw acknowledged is on the new primary, except: rows the old primary acknowledged that no
 * survivor ever received, which must be the tail of its acknowledged rows (replication is ordered; a gap would be
 * a lost transaction), and rows only a lost survivor holds, which the recovery record must report as data loss.
 */
export async function expectAcknowledgedRows(
  lab: LabInfo,
  recovery: RecoveryRecord,
  oldPrimaryPort: number,
  committed: readonly CommittedRow[],
): Promise<AcknowledgedRows> {
  const successorPort = recovery.successor!.port;
  const onNew = await idsOn(successorPort, lab);
  const onSurvivors = new Set<number>();
  for (const i of lab.instances.filter((x) => x.port !== oldPrimaryPort && x.port !== successorPort)) {
    for (const id of await idsOn(i.port, lab)) onSurvivors.add(id);
  }
  const missing = committed.filter((r) => !onNew.has(r.id));
  expect(missing.filter((r) => r.port !== oldPrimaryPort), 'rows acknowledged by a server other than the old primary').toEqual([]);
  const heldElsewhere = missing.filter((r) => onSurvivors.has(r.id));
  if (!recovery.dataLoss) expect(heldElsewhere, 'rows a survivor holds but the new primary lacks, with no data loss reported').toEqual([]);
  const unreplicated = missing.filter((r) => !onSurvivors.has(r.id));
  const lastKept = Math.max(0, ...committed.filter((r) => r.port === oldPrimaryPort && onNew.has(r.id)).map((r) => r.id));
  expect(unreplicated.filter((r) => r.id < lastKept), `rows acknowledged before row ${lastKept}, which the new primary has`).toEqual([]);
  return { acknowledged: committed.length, unreplicated: unreplicated.length };
}

/** Waits until the fenced old primary is read-only, then samples over two more probes of it that only the successor is writable. */
export async function expectFencedForGood(lab: LabInfo, store: OrcStore, oldPort: number, successorPort: number): Promise<string> {
  const fence = await until(
    `old primary ${oldPort} to be fenced and rejoined or diverged`,
    async () => (await store.listFenced()).find((f) => f.instance.port === oldPort && f.state !== 'fenced'),
    20_000,
  );
  // Sampled until orc has probed the old primary twice more (each probe gives the fence watcher a chance to act).
  const checkedAt = async () => (await store.listInstances()).find((i) => i.key.port === oldPort)?.lastCheckedAt ?? 0;
  const seen = [await checkedAt()];
  const deadline = Date.now() + 10_000;
  while (seen.length < 3) {
    if (Date.now() > deadline) throw new Error(`old primary ${oldPort} was not probed twice more within 10 s`);
    expect(await writablePorts(lab)).toEqual([successorPort]);
    const at = await checkedAt();
    if (at > seen.at(-1)!) seen.push(at);
  }
  expect(await writablePorts(lab)).toEqual([successorPort]);
  return fence.state;
}
