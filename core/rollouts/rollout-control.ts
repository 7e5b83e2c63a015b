import { InputError } from '../errors.js';
import { abortRollout } from './abort-rollout.js';
import { pauseRollout } from './pause-rollout.js';
import { promoteRollout } from './promote-rollout.js';
import { resumeRollout } from './resume-rollout.js';
import type { Rollout } from './rollout.js';
import type { RolloutChange } from './rollout-change.js';
import type { RolloutOptions } from './rollout-options.js';
import { setRolloutOptions } from './set-rollout-options.js';
import { setRolloutVersion } from './set-rollout-version.js';

/** An operator's change of a rollout: its target version, its options, pause, resume, promote (full: mark good now) or abort. */
export type RolloutControl =
  | { readonly kind: 'version'; readonly version: string }
  | { readonly kind: 'options'; readonly options: Partial<RolloutOptions> }
  | { readonly kind: 'pause'; readonly reason?: string }
  | { readonly kind: 'resume' }
  | { readonly kind: 'promote'; readonly full?: boolean }
  | { readonly kind: 'abort'; readonly reason?: string };

/** True for the controls that create a rollout never stored (setting its version or options); the others need one. */
export function controlCreatesRollout(control: RolloutControl): boolean {
  return control.kind === 'version' || control.kind === 'options';
}

/** Applies one control to a rollout (pure); refusals are RefusedError, malformed input InputError. */
export function applyRolloutControl(rollout: Rollout, control: RolloutControl, now: number): RolloutChange {
  switch (control.kind) {
    case 'version':
      return setRolloutVersion(rollout, control.version, now);
    case 'options':
      return setRolloutOptions(rollout, control.options, now);
    case 'pause':
      return pauseRollout(rollout, now, control.reason);
    case 'resume':
      return resumeRollout(rollout, now);
    case 'promote':
      if (control.full !== undefined && typeof control.full !== 'boolean') throw new InputError('full must be true or false', { field: 'full' });
      return promoteRollout(rollout, now, control.full ?? false);
    case 'abort':
      return abortRollout(rollout, now, control.reason);
    default:
      throw new InputError(`unknown rollout control "${String((control as { kind?: unknown }).kind)}"`, { field: 'kind' });
  }
}
