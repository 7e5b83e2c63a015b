import { expect } from 'vitest';
import type { LabInfo } from '../../ci-env/lab-types.js';
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

/** Waits until the fenced old primary is read-only, then samples for a while that only the successor is writable. */
export async function expectFencedForGood(lab: LabInfo, store: OrcStore, oldPort: number, successorPort: number): Promise<string> {
  const fence = await until(
    `old primary ${oldPort} to be fenced and rejoined or diverged`,
    async () => (await store.listFenced()).find((f) => f.instance.port === oldPort && f.state !== 'fenced'),
    20_000,
  );
  for (let i = 0; i < 20; i++) {
    expect(await writablePorts(lab)).toEqual([successorPort]);
    await new Promise((r) => setTimeout(r, 25));
  }
  return fence.state;
}
