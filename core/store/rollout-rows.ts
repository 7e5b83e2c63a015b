import type { Selectable } from 'kysely';
import { StoreError } from '../errors.js';
import { checkRollout } from '../rollouts/check-rollout.js';
import type { Rollout } from '../rollouts/rollout.js';
import { formatRolloutKey, type RolloutKey } from '../rollouts/rollout-key.js';
import type { RolloutTarget } from '../rollouts/rollout-target.js';
import type { RolloutsTable, RolloutTargetsTable } from './schema.js';
import { numberColumn } from './store-values.js';

/** The columns of a rollout row. */
export function rolloutColumns(r: Rollout): RolloutsTable {
  const { badVersions, pause, step, stepsDone, advanceStep, fullPromotion, rollingSince, progressAt, counts } = r;
  return {
    namespace: r.namespace,
    entity: r.entity,
    revision: r.revision,
    target_version: r.targetVersion,
    rolling_version: r.rollingVersion,
    last_known_good: r.lastKnownGoodVersion,
    last_known_bad: r.lastKnownBadVersion,
    phase: r.phase,
    options: JSON.stringify(r.options),
    progress: JSON.stringify({ badVersions, pause, step, stepsDone, advanceStep, fullPromotion, rollingSince, progressAt, counts }),
    created_at: r.createdAt,
    updated_at: r.updatedAt,
  };
}

/** A rollout read back; a row orc cannot read (bad JSON, unknown values) is a StoreError naming the rollout. */
export function rolloutOfRow(row: Selectable<RolloutsTable>): Rollout {
  const where = formatRolloutKey(row);
  try {
    const progress = JSON.parse(row.progress) as Pick<Rollout, 'badVersions' | 'pause' | 'step' | 'stepsDone' | 'advanceStep' | 'fullPromotion' | 'rollingSince' | 'progressAt' | 'counts'>;
    return checkRollout({
      namespace: row.namespace,
      entity: row.entity,
      targetVersion: row.target_version,
      rollingVersion: row.rolling_version,
      lastKnownGoodVersion: row.last_known_good,
      lastKnownBadVersion: row.last_known_bad,
      badVersions: progress.badVersions,
      options: JSON.parse(row.options),
      phase: row.phase as Rollout['phase'],
      pause: progress.pause,
      step: progress.step,
      stepsDone: progress.stepsDone,
      advanceStep: progress.advanceStep,
      fullPromotion: progress.fullPromotion,
      rollingSince: progress.rollingSince,
      progressAt: progress.progressAt,
      counts: progress.counts,
      revision: numberColumn(row.revision, 'orc_rollouts.revision'),
      createdAt: numberColumn(row.created_at, 'orc_rollouts.created_at'),
      updatedAt: numberColumn(row.updated_at, 'orc_rollouts.updated_at'),
    });
  } catch (err) {
    if (err instanceof StoreError) throw err;
    throw new StoreError(`store: rollout ${where} is unreadable: ${(err as Error).message}`, { rollout: where });
  }
}

/** The columns of a target row of the rollout at key. */
export function rolloutTargetColumns(key: RolloutKey, t: RolloutTarget): RolloutTargetsTable {
  return {
    namespace: key.namespace,
    entity: key.entity,
    name: t.name,
    group_name: t.group,
    version: t.version,
    is_error: t.isError ? 1 : 0,
    message: t.message,
    version_changed_at: t.versionChangedAt,
    error_changed_at: t.errorChangedAt,
    reported_at: t.reportedAt,
    wanted_version: t.wantedVersion,
    wanted_at: t.wantedAt,
  };
}

/** A target read back (its key columns not needed). */
export function rolloutTargetOfRow(row: Omit<Selectable<RolloutTargetsTable>, 'namespace' | 'entity'>): RolloutTarget {
  return {
    name: row.name,
    group: row.group_name,
    version: row.version,
    isError: numberColumn(row.is_error, 'orc_rollout_targets.is_error') === 1,
    message: row.message,
    versionChangedAt: numberColumn(row.version_changed_at, 'orc_rollout_targets.version_changed_at'),
    errorChangedAt: numberColumn(row.error_changed_at, 'orc_rollout_targets.error_changed_at'),
    reportedAt: numberColumn(row.reported_at, 'orc_rollout_targets.reported_at'),
    wantedVersion: row.wanted_version,
    wantedAt: numberColumn(row.wanted_at, 'orc_rollout_targets.wanted_at'),
  };
}
