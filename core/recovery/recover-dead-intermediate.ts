import type { TopologySnapshot } from '../analysis/topology-snapshot.js';
import { formatInstanceKey, sameInstance, type InstanceKey } from '../model/instance-key.js';
import { sourceOf, directReplicasOf } from '../model/topology-tree.js';
import type { RecoveryRecord } from '../ports/recovery-store.js';
import { step } from './plan-step.js';
import type { RecoveryDeps } from './recovery-deps.js';
import { runRegisteredRecovery } from './registered-recovery.js';

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
 * nothing their grand-source lacks); replicas orc cannot reach are reported, not touched.
 */
export async function recoverDeadIntermediate(deps: RecoveryDeps, input: DeadIntermediateInput, signal: AbortSignal): Promise<RecoveryRecord> {
  const { snapshot, failed } = input;
  const failedRecord = snapshot.instances.find((r) => sameInstance(r.key, failed));
  const newSource = failedRecord ? sourceOf(failedRecord) : null;
  const replicas = directReplicasOf(snapshot.instances, failed);
  const reachable = replicas.filter((r) => r.reachable).map((r) => r.key);
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
      run.updateHookContext({ successorHost: newSource.host, successorPort: newSource.port, isSuccessful: true });
      const result = await run.execute(
        [
          step({ kind: 'hook', point: 'onFailureDetection' }),
          step({ kind: 'hook', point: 'preFailover' }),
          ...(reachable.length > 0 ? [step({ kind: 'repoint', targets: reachable, source: newSource, gtidStart: 'auto' })] : []),
          step({ kind: 'hook', point: 'postIntermediatePrimaryFailover' }, false),
          step({ kind: 'hook', point: 'postFailover' }, false),
        ],
        signal,
      );
      const unreachable = replicas.filter((r) => !r.reachable).map((r) => formatInstanceKey(r.key));
      if (!result.ok) return { status: 'failed', successor: null, lost: [], summary: result.failure! };
      return {
        status: 'succeeded',
        successor: newSource,
        lost: [],
        summary: `moved ${reachable.length} replica(s) of ${formatInstanceKey(failed)} up to ${formatInstanceKey(newSource)}${
          unreachable.length > 0 ? `; unreachable, not moved: ${unreachable.join(', ')}` : ''
        }`,
      };
    },
  );
}
