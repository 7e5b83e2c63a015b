import { InputError } from '../errors.js';
import { ROLLOUT_MESSAGE_LENGTH } from './rollout-text.js';
import type { RolloutTarget, TargetReport } from './rollout-target.js';
import type { TargetSet } from './target-set.js';

/** A target that has not reported for this long is dropped (rollouts.md step 1). */
export const DROP_AFTER_MS = 15 * 60_000;

/**
 * How stale a stored report time may get before a report rewrites it: a controller reporting every few seconds
 * then writes a target only when something about it changed, or once a minute (dropping stays within a minute).
 */
export const REPORT_REFRESH_MS = 60_000;

/** What ingesting one call's reports did besides updating the set: targets created and targets dropped. */
export interface Ingested {
  readonly created: readonly string[];
  readonly dropped: readonly string[];
}

/** A target first seen now, told wantedVersion. */
export function newTarget(report: TargetReport, wantedVersion: string, now: number): RolloutTarget {
  return {
    name: report.name,
    group: report.group ?? '',
    version: report.version,
    isError: report.isError ?? false,
    message: report.message === undefined ? '' : report.message.slice(0, ROLLOUT_MESSAGE_LENGTH),
    versionChangedAt: now,
    errorChangedAt: now,
    reportedAt: now,
    wantedVersion,
    wantedAt: now,
  };
}

function updated(t: RolloutTarget, r: TargetReport, now: number): RolloutTarget {
  const group = r.group ?? t.group;
  const isError = r.isError ?? false;
  const message = r.message === undefined ? '' : r.message.slice(0, ROLLOUT_MESSAGE_LENGTH);
  if (r.version === t.version && isError === t.isError && message === t.message && group === t.group && now - t.reportedAt < REPORT_REFRESH_MS) return t;
  return {
    ...t,
    group,
    version: r.version,
    isError,
    message,
    versionChangedAt: r.version === t.version ? t.versionChangedAt : now,
    errorChangedAt: isError === t.isError ? t.errorChangedAt : now,
    reportedAt: now,
  };
}

/**
 * rollouts.md step 1 on set: unknown targets are created wanting the last known good version (their own version
 * while there is none: an empty version is no version); version and error-flag changes are time-stamped; targets
 * not reported for 15 minutes are dropped. Reports in stored order are matched by position, others by name:
 * O(targets + reports). A name reported twice is an InputError.
 */
export function ingestReports(set: TargetSet, reports: readonly TargetReport[], lastKnownGood: string, now: number): Ingested {
  const stored = set.size;
  const reported = new Uint8Array(stored);
  const created: string[] = [];
  for (let j = 0; j < reports.length; j++) {
    const r = reports[j]!;
    const i = j < stored && set.targets[j]!.name === r.name ? j : set.positionOf(r.name);
    if (i === undefined) {
      set.append(newTarget(r, lastKnownGood === '' ? r.version : lastKnownGood, now));
      created.push(r.name);
      continue;
    }
    if (i >= stored || reported[i] === 1) throw new InputError(`target ${r.name} is reported twice`, { field: 'name', target: r.name });
    reported[i] = 1;
    const before = set.targets[i]!;
    const after = updated(before, r, now);
    if (after !== before) set.put(i, after);
  }
  const dropped: string[] = [];
  for (let i = 0; i < stored; i++) {
    if (reported[i] === 0 && now - set.targets[i]!.reportedAt > DROP_AFTER_MS) dropped.push(set.targets[i]!.name);
  }
  if (dropped.length > 0) set.remove(new Set(dropped));
  return { created, dropped };
}
