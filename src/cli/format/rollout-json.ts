import { formatInstant } from '../../../core/model/instant.js';
import type { Rollout } from '../../../core/rollouts/rollout.js';
import type { RolloutTarget } from '../../../core/rollouts/rollout-target.js';
import type { WantedTarget } from '../../../core/rollouts/wanted-versions.js';

/** One rollout as `orc rollout ... --json` and GET /api/rollouts/:namespace/:entity show it. */
export type RolloutJson = ReturnType<typeof rolloutJson>;

const instantOrNull = (ms: number | null) => (ms === null ? null : formatInstant(ms));

/**
 * A rollout for JSON: the reference's fields (targetVersion, rollingVersion, lastKnownGoodVersion,
 * lastKnownBadVersion, options with its four knobs) first, then orc's (phase, pause, steps, counts, times as ISO).
 */
export function rolloutJson(r: Rollout) {
  return {
    namespace: r.namespace,
    entity: r.entity,
    targetVersion: r.targetVersion,
    rollingVersion: r.rollingVersion,
    lastKnownGoodVersion: r.lastKnownGoodVersion,
    lastKnownBadVersion: r.lastKnownBadVersion,
    options: {
      batchPercent: r.options.batchPercent,
      successPercent: r.options.successPercent,
      successTimeoutSecs: r.options.successTimeoutSecs,
      durationTimeoutSecs: r.options.durationTimeoutSecs,
      steps: r.options.steps,
      pauseBetweenSteps: r.options.pauseBetweenSteps,
      progressDeadlineSecs: r.options.progressDeadlineSecs,
    },
    phase: r.phase,
    paused: r.pause !== null,
    pauseReason: r.pause?.reason ?? null,
    badVersions: r.badVersions,
    step: r.step,
    counts: r.counts,
    revision: r.revision,
    rollingSince: instantOrNull(r.rollingSince),
    progressAt: instantOrNull(r.progressAt),
    updatedAt: formatInstant(r.updatedAt),
  };
}

/** A wanted version in the shape targets are reported in: { name, group?, version, isError, message } (no group when it has none). */
export function wantedTargetJson(w: WantedTarget) {
  return { name: w.name, ...(w.group === '' ? {} : { group: w.group }), version: w.version, isError: w.isError, message: w.message };
}

/** A stored target: its wanted version as version (the orchestrate shape), what it reported, and when. */
export function rolloutTargetJson(t: RolloutTarget) {
  return {
    ...wantedTargetJson({ name: t.name, group: t.group, version: t.wantedVersion, isError: t.isError, message: t.message }),
    reportedVersion: t.version,
    wantedAt: formatInstant(t.wantedAt),
    reportedAt: formatInstant(t.reportedAt),
    versionChangedAt: formatInstant(t.versionChangedAt),
    errorChangedAt: formatInstant(t.errorChangedAt),
  };
}
