import { nanoid } from 'nanoid';
import { errorLine } from '../errors.js';
import type { HookContext } from '../hooks/hook-values.js';
import { formatInstanceKey, type InstanceKey } from '../model/instance-key.js';
import type { RecoveryKind, RecoveryRecord } from '../ports/recovery-store.js';
import { withMaintenanceLocks } from './maintenance-locks.js';
import type { RecoveryDeps } from './recovery-deps.js';
import { RecoveryRun } from './recovery-run.js';

/** What a recovery is about, before it runs. */
export interface RecoverySpec {
  readonly kind: RecoveryKind;
  /** Analysis code or command name. */
  readonly trigger: string;
  readonly cluster: string;
  readonly clusterAlias: string | null;
  readonly failed: InstanceKey;
  readonly actor: string;
  /** Instances whose maintenance locks the recovery holds while it runs. */
  readonly lockKeys: readonly InstanceKey[];
  readonly replicaHosts: readonly InstanceKey[];
  readonly description: string;
}

/** How a recovery body ended. */
export interface RecoveryEnd {
  readonly status: 'succeeded' | 'failed';
  readonly successor: InstanceKey | null;
  readonly lost: readonly InstanceKey[];
  readonly summary: string;
}

/**
 * Registers a recovery (refused while another one of the cluster runs), holds the maintenance locks of the
 * instances it changes, runs the body, records the end and an audit line, and returns the final record.
 */
export async function runRegisteredRecovery(
  deps: RecoveryDeps,
  spec: RecoverySpec,
  signal: AbortSignal,
  body: (run: RecoveryRun) => Promise<RecoveryEnd>,
): Promise<RecoveryRecord> {
  // A recovery asked for after shutdown began is not registered at all.
  signal.throwIfAborted();
  const id = nanoid(12);
  // Locks first: a server held by an operator's change refuses the recovery before anything is recorded, so a
  // refusal never counts as a recovery (no anti-flap block for a failure nobody touched).
  const onReleaseError = (instance: InstanceKey, err: unknown) =>
    deps.logger.error({ recovery: id, instance: formatInstanceKey(instance), err: errorLine(err) }, 'releasing a maintenance lock failed');
  return withMaintenanceLocks(deps.store, spec.lockKeys, `recovery:${id}`, `${spec.kind} of ${spec.cluster}`, deps.clock.now, async () => {
    const record: RecoveryRecord = {
      id,
      cluster: spec.cluster,
      clusterAlias: spec.clusterAlias,
      kind: spec.kind,
      trigger: spec.trigger,
      failed: spec.failed,
      successor: null,
      status: 'running',
      actor: spec.actor,
      startedAt: deps.clock.now(),
      endedAt: null,
      lost: [],
      summary: spec.description,
      acknowledgedAt: null,
      acknowledgedBy: null,
      ackComment: null,
    };
    await deps.store.registerRecovery(record);
    const run = new RecoveryRun(deps, record, hookContextFor(deps, spec, id));
    let end: RecoveryEnd;
    try {
      end = await body(run);
    } catch (err) {
      end = { status: 'failed', successor: null, lost: [], summary: errorLine(err) };
    }
    await finishRecorded(deps, run, end);
    return { ...record, status: end.status, successor: end.successor, lost: end.lost, summary: end.summary, endedAt: deps.clock.now() };
  }, onReleaseError);
}

/** Ends the recovery in the store (retried: a running row left behind would block the cluster) and audits it. */
async function finishRecorded(deps: RecoveryDeps, run: RecoveryRun, end: RecoveryEnd): Promise<void> {
  const { record } = run;
  for (let attempt = 1; ; attempt++) {
    try {
      await run.finish(end.status, end.successor, end.lost, end.summary);
      break;
    } catch (err) {
      deps.logger.error({ recovery: record.id, attempt, err: errorLine(err) }, 'recording the end of a recovery failed');
      if (attempt >= FINISH_ATTEMPTS) break;
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
    }
  }
  await deps.store
    .appendAudit({
      id: nanoid(),
      at: deps.clock.now(),
      actor: record.actor,
      action: record.kind,
      target: formatInstanceKey(record.failed),
      cluster: record.cluster,
      detail: `recovery ${record.id}: ${end.summary}`,
      outcome: end.status === 'succeeded' ? 'ok' : 'failed',
    })
    .catch((err: unknown) => deps.logger.error({ recovery: record.id, err: errorLine(err) }, 'audit of a recovery failed'));
  deps.logger.info({ recovery: record.id, cluster: record.cluster, status: end.status, summary: end.summary }, 'recovery ended');
}

const FINISH_ATTEMPTS = 3;

function hookContextFor(deps: RecoveryDeps, spec: RecoverySpec, id: string): HookContext {
  const isPrimaryKind = spec.kind !== 'dead-intermediate';
  return {
    failureType: spec.trigger,
    instanceType: isPrimaryKind ? 'master' : 'intermediate-master',
    isPrimary: isPrimaryKind,
    isCoPrimary: false,
    failureDescription: spec.description,
    command: spec.kind === 'graceful-takeover' || spec.kind === 'forced-failover' ? spec.trigger : '',
    failedHost: spec.failed.host,
    failedPort: spec.failed.port,
    failureCluster: spec.cluster,
    failureClusterAlias: spec.clusterAlias ?? '',
    countReplicas: spec.replicaHosts.length,
    isDowntimed: false,
    autoPrimaryRecovery: deps.config.recovery.autoRecoverPrimary !== 'none',
    autoIntermediatePrimaryRecovery: deps.config.recovery.autoRecoverIntermediatePrimary !== 'none',
    orcHost: deps.orcHost,
    recoveryUID: id,
    isSuccessful: false,
    lostReplicas: [],
    replicaHosts: spec.replicaHosts,
  };
}
