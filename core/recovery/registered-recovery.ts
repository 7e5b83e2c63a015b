import { nanoid } from 'nanoid';
import { newTypeableId } from '../util/typeable-id.js';
import { ConfigError, errorLine } from '../errors.js';
import type { HookContext } from '../hooks/hook-values.js';
import { formatInstanceKey, type InstanceKey } from '../model/instance-key.js';
import { sleepOn } from '../ports/clock.js';
import { NO_PROGRESS, type RecoveryEndStatus, type RecoveryKind, type RecoveryRecord } from '../ports/recovery-store.js';
import { withMaintenanceLocks } from './maintenance-locks.js';
import type { RecoveryDeps } from './recovery-deps.js';
import { dataLossGtidsText } from './data-loss-text.js';
import { RecoveryRun, runnerName, type RecoveryRunStart } from './recovery-run.js';

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
  readonly status: RecoveryEndStatus;
  readonly successor: InstanceKey | null;
  readonly lost: readonly InstanceKey[];
  readonly dataLoss?: boolean;
  readonly summary: string;
}

/** A body's answer when this orc was deposed mid-way: nothing is ended here, the orc that took over ends it. */
export const DEPOSED = Symbol('deposed');

/** What a recovery body returns. */
export type RecoveryBodyResult = RecoveryEnd | typeof DEPOSED;

/** Refuses, before anything is touched, a recovery that could not repoint a single replica. */
export function requireReplicationCredentials(deps: Pick<RecoveryDeps, 'config'>): void {
  if (!deps.config.replication) {
    throw new ConfigError('config has no "replication" section: orc needs the replication user and password to repoint replicas; nothing was changed', {
      path: 'replication',
    });
  }
}

/**
 * Registers a recovery (refused while another one of the cluster runs), holds the maintenance locks of the
 * instances it changes, runs the body, records the end and an audit line, and returns the final record. A missing
 * replication section refuses it before anything is locked or recorded.
 */
export async function runRegisteredRecovery(
  deps: RecoveryDeps,
  spec: RecoverySpec,
  signal: AbortSignal,
  body: (run: RecoveryRun) => Promise<RecoveryBodyResult>,
): Promise<RecoveryRecord> {
  // A recovery asked for after shutdown began is not registered at all.
  signal.throwIfAborted();
  requireReplicationCredentials(deps);
  // Operators type recovery ids (orc recovery ID, orc ack ID): one starting with "-" would read as an option.
  const id = newTypeableId();
  const lockOwner = `recovery:${id}`;
  // Locks first: a server held by an operator's change refuses the recovery before anything is recorded, so a
  // refusal never counts as a recovery (no anti-flap block for a failure nobody touched).
  return withMaintenanceLocks(deps.store, spec.lockKeys, lockOwner, `${spec.kind} of ${spec.cluster}`, deps.clock.now, async () => {
    const runner = runnerName(deps.orcHost);
    const now = deps.clock.now();
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
      startedAt: now,
      endedAt: null,
      lost: [],
      dataLoss: false,
      summary: spec.description,
      acknowledgedAt: null,
      acknowledgedBy: null,
      ackComment: null,
      runner,
      renewedAt: now,
      progress: NO_PROGRESS,
    };
    await deps.store.registerRecovery(record);
    const run = new RecoveryRun(deps, record, hookContextFor(deps, spec, id), { runner, firstIndex: 1, progress: NO_PROGRESS, lockOwner });
    return runToEnd(deps, run, body);
  }, onReleaseError(deps, id));
}

/**
 * Continues a recovery another orc left running (it stopped renewing it and this orc claimed it): re-takes its
 * locks under the recovery's owner, runs the resume body from the persisted progress, and ends it here.
 */
export async function resumeRegisteredRecovery(
  deps: RecoveryDeps,
  record: RecoveryRecord,
  claim: Pick<RecoveryRunStart, 'runner' | 'firstIndex'> & { readonly lockKeys: readonly InstanceKey[]; readonly previousRunner: string | null },
  body: (run: RecoveryRun) => Promise<RecoveryBodyResult>,
): Promise<RecoveryRecord> {
  const lockOwner = `recovery:${record.id}`;
  return withMaintenanceLocks(deps.store, claim.lockKeys, lockOwner, `resume ${record.kind} of ${record.cluster}`, deps.clock.now, async () => {
    const run = new RecoveryRun(deps, record, hookContextFromRecord(deps, record), {
      runner: claim.runner,
      firstIndex: claim.firstIndex,
      progress: record.progress ?? NO_PROGRESS,
      lockOwner,
    });
    await run.note('resume', 'ok', `taken over by ${claim.runner} from ${claim.previousRunner ?? 'an orc that stopped'} at phase ${run.progress.phase}`);
    return runToEnd(deps, run, body);
  }, onReleaseError(deps, record.id));
}

async function runToEnd(deps: RecoveryDeps, run: RecoveryRun, body: (run: RecoveryRun) => Promise<RecoveryBodyResult>): Promise<RecoveryRecord> {
  run.startHeartbeat();
  let end: RecoveryBodyResult;
  try {
    end = await body(run);
  } catch (err) {
    // Last resort only: primary failover bodies undo their own preparation on an error first (guardedFailover).
    end = { status: 'failed', successor: null, lost: [], summary: errorLine(err) };
  } finally {
    run.stopHeartbeat();
  }
  if (end === DEPOSED || run.deposed !== null) {
    deps.logger.warn({ recovery: run.record.id, reason: run.deposed }, 'stopped acting on a recovery this orc no longer runs');
    return run.record;
  }
  await finishRecorded(deps, run, end);
  return { ...run.record, status: end.status, successor: end.successor, lost: end.lost, dataLoss: end.dataLoss ?? false, summary: end.summary, endedAt: deps.clock.now(), runner: null };
}

function onReleaseError(deps: RecoveryDeps, id: string) {
  return (instance: InstanceKey, err: unknown) =>
    deps.logger.error({ recovery: id, instance: formatInstanceKey(instance), err: errorLine(err) }, 'releasing a maintenance lock failed');
}

/** Ends the recovery in the store (retried: a running row left behind would block the cluster) and audits it. */
async function finishRecorded(deps: RecoveryDeps, run: RecoveryRun, end: RecoveryEnd): Promise<void> {
  const { record } = run;
  for (let attempt = 1; ; attempt++) {
    try {
      await run.finish(end);
      break;
    } catch (err) {
      deps.logger.error({ recovery: record.id, attempt, err: errorLine(err) }, 'recording the end of a recovery failed');
      if ((err as { code?: string }).code === 'orc_deposed' || attempt >= FINISH_ATTEMPTS) break;
      await sleepOn(deps.clock, 200 * attempt);
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
      detail: `recovery ${record.id}: ${end.status}: ${end.summary}`,
      outcome: end.status === 'succeeded' ? 'ok' : 'failed',
    })
    .catch((err: unknown) => deps.logger.error({ recovery: record.id, err: errorLine(err) }, 'audit of a recovery failed'));
  const log = end.status === 'succeeded' ? deps.logger.info.bind(deps.logger) : deps.logger.warn.bind(deps.logger);
  log({ recovery: record.id, cluster: record.cluster, status: end.status, dataLoss: end.dataLoss ?? false, summary: end.summary }, 'recovery ended');
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

/** The hook context of a resumed recovery, rebuilt from what the store recorded. */
function hookContextFromRecord(deps: RecoveryDeps, record: RecoveryRecord): HookContext {
  const progress = record.progress ?? NO_PROGRESS;
  const replicaHosts = [...new Map([...progress.stopped, ...progress.followers, ...progress.lost].map((k) => [formatInstanceKey(k), k])).values()];
  const base = hookContextFor(
    deps,
    { kind: record.kind, trigger: record.trigger, cluster: record.cluster, clusterAlias: record.clusterAlias, failed: record.failed, actor: record.actor, lockKeys: [], replicaHosts, description: record.summary },
    record.id,
  );
  const successor = progress.candidate;
  return {
    ...base,
    lostReplicas: progress.lost,
    isDataLoss: progress.dataLossFrom.length > 0,
    dataLossReplicas: progress.dataLossFrom,
    dataLossGtids: dataLossGtidsText(progress),
    ...(successor ? { successorHost: successor.host, successorPort: successor.port } : {}),
  };
}
