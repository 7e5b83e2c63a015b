import { formatInstanceKey } from '../model/instance-key.js';
import { finishFailover, promoteAndFinish, rollbackFailover } from './failover-procedure.js';
import { guardedFailover } from './guarded-failover.js';
import type { RecoveryDeps } from './recovery-deps.js';
import type { RecoveryRun } from './recovery-run.js';
import type { RecoveryBodyResult } from './registered-recovery.js';
import { isPromoted } from './run-step.js';

/**
 * Rolls a primary failover another orc left half way forward or back, from its persisted progress and the
 * servers' state now: before the promotion, the preparation is undone and the recovery ends 'abandoned' (it never
 * promoted, so it blocks nothing and the failure is recovered again at once); once the candidate is promoted (or
 * its promotion had begun and the old primary is still not writable), the failover is finished. An error thrown
 * on the way is handled by guardedFailover (undone before the promotion, 'partial' after it).
 */
export function resumeFailover(deps: RecoveryDeps, run: RecoveryRun): Promise<RecoveryBodyResult> {
  return guardedFailover(deps, run, () => continueFailover(deps, run));
}

async function continueFailover(deps: RecoveryDeps, run: RecoveryRun): Promise<RecoveryBodyResult> {
  const { progress, record } = run;
  const instances = await deps.store.listInstances();
  if (progress.phase === 'preparing' || progress.candidate === null) {
    return rollbackFailover(deps, run, 'the orc running it stopped before promoting anything', 'abandoned');
  }
  const candidate = await deps.probe.probe(progress.candidate).catch(() => null);
  if (progress.phase === 'promoted' || (candidate !== null && isPromoted(candidate))) {
    await run.note('resume decision', 'ok', `${formatInstanceKey(progress.candidate)} is promoted: finishing the failover`);
    return finishFailover(run, instances);
  }
  const old = await deps.probe.probe(record.failed).catch(() => null);
  if (old !== null && !old.readOnly) {
    await run.note('resume decision', 'ok', `${formatInstanceKey(record.failed)} is writable again and nothing was promoted: undoing`);
    return rollbackFailover(deps, run, 'the orc running it stopped mid-promotion and the old primary is writable again', 'abandoned');
  }
  await run.note('resume decision', 'ok', `promotion of ${formatInstanceKey(progress.candidate)} had begun: completing it`);
  return promoteAndFinish(deps, run, instances);
}
