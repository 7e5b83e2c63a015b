import type { TopologySnapshot } from '../analysis/topology-snapshot.js';
import { formatInstanceKey, sameInstance, type InstanceKey } from '../model/instance-key.js';
import type { InstanceRecord } from '../model/instance.js';
import { directReplicasOf, sourceOf } from '../model/topology-tree.js';
import type { RecoveryRecord } from '../ports/recovery-store.js';
import { namesOf } from './failover-plan.js';
import { REPOINT_VERIFY_MS, step } from './plan-step.js';
import type { RecoveryDeps } from './recovery-deps.js';
import type { RecoveryRun } from './recovery-run.js';
import { DEPOSED, runRegisteredRecovery, type RecoveryBodyResult } from './registered-recovery.js';

/** What an intermediate-primary recovery starts from. */
export interface DeadIntermediateInput {
  readonly snapshot: TopologySnapshot;
  readonly failed: InstanceKey;
  readonly trigger: string;
  readonly actor: string;
  readonly description: string;
}

/**
 * Recovers a dead intermediate primary by moving its reachable replicas up to its own source by GTID (they hold
 * nothing their grand-source lacks), verifying each replicates there; replicas orc cannot reach are reported, and
 * replicas below one that could not move are moved up too.
 */
export async function recoverDeadIntermediate(deps: RecoveryDeps, input: DeadIntermediateInput, signal: AbortSignal): Promise<RecoveryRecord> {
  const { snapshot, failed } = input;
  const failedRecord = snapshot.instances.find((r) => sameInstance(r.key, failed));
  const newSource = failedRecord ? sourceOf(failedRecord) : null;
  const replicas = directReplicasOf(snapshot.instances, failed);
  return runRegisteredRecovery(
    deps,
    {
      kind: 'dead-intermediate',
      trigger: input.trigger,
      cluster: snapshot.clusterName,
      clusterAlias: snapshot.alias,
      failed,
      actor: input.actor,
      lockKeys: [failed, ...replicas.map((r) => r.key)],
      replicaHosts: replicas.map((r) => r.key),
      description: input.description,
    },
    signal,
    async (run) => {
      if (!newSource) return { status: 'failed', successor: null, lost: [], summary: `${formatInstanceKey(failed)} has no known source to move its replicas to` };
      const unreachable = replicas.filter((r) => !r.reachable).map((r) => r.key);
      const prepared = await run.execute([step({ kind: 'hook', point: 'onFailureDetection' }), step({ kind: 'hook', point: 'preFailover' })], signal);
      if (prepared.deposed) return DEPOSED;
      if (!prepared.ok) return { status: 'failed', successor: null, lost: [], summary: `aborted before any change: ${prepared.failure}` };
      const followers = replicas.filter((r) => r.reachable).map((r) => r.key);
      if (!(await run.updateProgress({ phase: 'promoting', candidate: newSource, candidateSource: failed, followers }, { successor: newSource }))) return DEPOSED;
      return moveReplicasUp(run, snapshot.instances, unreachable, signal);
    },
  );
}

/** Resumes an intermediate recovery another orc left: nothing changed yet ends it 'abandoned', else the move is redone. */
export async function resumeDeadIntermediate(deps: RecoveryDeps, run: RecoveryRun): Promise<RecoveryBodyResult> {
  if (run.progress.phase === 'preparing' || run.progress.candidate === null) {
    return { status: 'abandoned', successor: null, lost: [], summary: 'the orc running it stopped before moving any replica; nothing was changed' };
  }
  return moveReplicasUp(run, await deps.store.listInstances(), [], AbortSignal.timeout(120_000));
}

async function moveReplicasUp(run: RecoveryRun, instances: readonly InstanceRecord[], unreachable: readonly InstanceKey[], signal: AbortSignal): Promise<RecoveryBodyResult> {
  const failed = run.record.failed;
  const newSource = run.progress.candidate!;
  const followers = run.progress.followers;
  run.updateHookContext({ successorHost: newSource.host, successorPort: newSource.port, isSuccessful: true });
  const moved = await run.execute(
    followers.length > 0 ? [step({ kind: 'repoint', targets: followers, source: newSource, gtidStart: 'auto', verifyMs: REPOINT_VERIFY_MS }, false)] : [],
    signal,
  );
  if (moved.deposed) return DEPOSED;
  const stranded = moved.failedTargets.flatMap((f) => directReplicasOf(instances, f.key).filter((r) => r.reachable).map((r) => r.key));
  const finished = await run.execute(
    [
      ...(stranded.length > 0 ? [step({ kind: 'repoint', targets: stranded, source: newSource, gtidStart: 'auto', verifyMs: REPOINT_VERIFY_MS }, false)] : []),
      step({ kind: 'hook', point: 'postIntermediatePrimaryFailover' }, false),
      step({ kind: 'hook', point: 'postFailover' }, false),
    ],
    signal,
  );
  if (finished.deposed) return DEPOSED;
  const failures = [...moved.failedTargets, ...finished.failedTargets];
  const okCount = followers.length + stranded.length - failures.length;
  return {
    status: failures.length > 0 ? 'partial' : 'succeeded',
    successor: newSource,
    lost: [],
    summary:
      `moved ${okCount} replica(s) of ${formatInstanceKey(failed)} up to ${formatInstanceKey(newSource)}` +
      (unreachable.length > 0 ? `; unreachable, not moved: ${namesOf(unreachable)}` : '') +
      (failures.length > 0 ? `; but could not move: ${failures.map((f) => `${formatInstanceKey(f.key)} (${f.error})`).join('; ')}` : ''),
  };
}
