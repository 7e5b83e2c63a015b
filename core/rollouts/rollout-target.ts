import { InputError } from '../errors.js';
import { isValidInstant } from '../model/instant.js';
import { checkRolloutText, CONTROL, isRolloutText, ROLLOUT_MESSAGE_LENGTH, ROLLOUT_TEXT_LENGTH } from './rollout-text.js';

/** What a controller reports of one target: its name, optional group, the version it runs, and whether it is in error. */
export interface TargetReport {
  readonly name: string;
  readonly group?: string;
  readonly version: string;
  readonly isError?: boolean;
  readonly message?: string;
}

/**
 * A target as stored: what it last reported, when its version and its error flag last changed, when it last
 * reported (it is dropped 15 minutes after), and the version it is told to run since when.
 */
export interface RolloutTarget {
  readonly name: string;
  /** '' when the target has no group. */
  readonly group: string;
  readonly version: string;
  readonly isError: boolean;
  readonly message: string;
  readonly versionChangedAt: number;
  readonly errorChangedAt: number;
  readonly reportedAt: number;
  readonly wantedVersion: string;
  readonly wantedAt: number;
}

function instant(value: unknown, field: string): void {
  if (typeof value !== 'number' || !isValidInstant(value)) throw new InputError(`${field} must be whole epoch milliseconds, got ${String(value)}`, { field });
}

function wellFormedReport(r: TargetReport): boolean {
  return (
    typeof r === 'object' &&
    r !== null &&
    isRolloutText(r.name) &&
    isRolloutText(r.version) &&
    (r.group === undefined || isRolloutText(r.group, true)) &&
    (r.isError === undefined || typeof r.isError === 'boolean') &&
    (r.message === undefined || typeof r.message === 'string')
  );
}

/** Checks one report (InputError naming the field and the report's position). */
export function checkTargetReport(report: TargetReport, index: number): void {
  if (wellFormedReport(report)) return;
  if (typeof report !== 'object' || report === null) throw new InputError(`report ${index} must be an object`, { field: `[${index}]` });
  checkRolloutText(report.name, `[${index}].name`);
  if (report.group !== undefined) checkRolloutText(report.group, `[${index}].group`, true);
  checkRolloutText(report.version, `[${index}].version`);
  if (report.isError !== undefined && typeof report.isError !== 'boolean') throw new InputError(`[${index}].isError must be true or false`, { field: `[${index}].isError` });
  if (report.message !== undefined && typeof report.message !== 'string') throw new InputError(`[${index}].message must be a string`, { field: `[${index}].message` });
}

function text(value: unknown, allowEmpty = false): boolean {
  return typeof value === 'string' && (value.length > 0 || allowEmpty) && value.length <= ROLLOUT_TEXT_LENGTH;
}

/**
 * True when t has the shape and bounds of a stored target (the pure step's check: stores already refused control
 * characters when they wrote it, with checkRolloutTarget).
 */
export function isRolloutTargetShape(t: RolloutTarget): boolean {
  return (
    typeof t === 'object' &&
    t !== null &&
    text(t.name) &&
    text(t.group, true) &&
    text(t.version) &&
    text(t.wantedVersion) &&
    typeof t.isError === 'boolean' &&
    typeof t.message === 'string' &&
    t.message.length <= ROLLOUT_MESSAGE_LENGTH &&
    isValidInstant(t.versionChangedAt) &&
    isValidInstant(t.errorChangedAt) &&
    isValidInstant(t.reportedAt) &&
    isValidInstant(t.wantedAt)
  );
}

/** Checks a stored target before it is used or written (the same way in the pure step and every RolloutStore). */
export function checkRolloutTarget(target: RolloutTarget): void {
  if (isRolloutTargetShape(target) && !CONTROL.test(target.name + target.group + target.version + target.wantedVersion)) return;
  if (typeof target !== 'object' || target === null) throw new InputError('a rollout target must be an object', { field: 'target' });
  checkRolloutText(target.name, 'target name');
  checkRolloutText(target.group, `target ${target.name}: group`, true);
  checkRolloutText(target.version, `target ${target.name}: version`);
  checkRolloutText(target.wantedVersion, `target ${target.name}: wantedVersion`);
  if (typeof target.isError !== 'boolean') throw new InputError(`target ${target.name}: isError must be true or false`, { field: 'isError' });
  if (typeof target.message !== 'string' || target.message.length > ROLLOUT_MESSAGE_LENGTH) {
    throw new InputError(`target ${target.name}: message must be a string of at most ${ROLLOUT_MESSAGE_LENGTH} characters`, { field: 'message' });
  }
  instant(target.versionChangedAt, `target ${target.name}: versionChangedAt`);
  instant(target.errorChangedAt, `target ${target.name}: errorChangedAt`);
  instant(target.reportedAt, `target ${target.name}: reportedAt`);
  instant(target.wantedAt, `target ${target.name}: wantedAt`);
}
