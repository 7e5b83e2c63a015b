import { describe, expect, it } from 'vitest';
import { InputError } from '../../../core/errors.js';
import { orchestrate, type OrchestrateInput } from '../../../core/rollouts/orchestrate.js';
import { applyRolloutControl, type RolloutControl } from '../../../core/rollouts/rollout-control.js';
import type { RolloutTarget, TargetReport } from '../../../core/rollouts/rollout-target.js';
import { establishedOnV1 } from './rollout-sim.js';

const sim = establishedOnV1(2);
const base: OrchestrateInput = { rollout: sim.rollout, targets: sim.targets, reports: sim.reportsAsTold(), now: sim.now + 1000 };
const target = (fields: Partial<RolloutTarget>): RolloutTarget[] => [{ ...sim.targets[0]!, ...fields }];
const report = (fields: Record<string, unknown>): TargetReport[] => [{ name: 'x', version: 'v1', ...fields } as TargetReport];

function refusal(run: () => unknown): unknown {
  try {
    run();
  } catch (err) {
    return err;
  }
  return undefined;
}

const step = (input: Partial<OrchestrateInput>) => () => orchestrate({ ...base, ...input });
const control = (c: RolloutControl) => () => applyRolloutControl(sim.rollout, c, sim.now);

const CASES: readonly { name: string; run: () => unknown; says: RegExp }[] = [
  { name: 'now that is no time', run: step({ now: Number.NaN }), says: /now must be whole epoch milliseconds/ },
  { name: 'a fractional now', run: step({ now: 1.5 }), says: /now must be/ },
  { name: 'a report without a name', run: step({ reports: report({ name: '' }) }), says: /\[0\]\.name must not be empty/ },
  { name: 'a report with no version', run: step({ reports: report({ version: undefined }) }), says: /\[0\]\.version must be a string/ },
  { name: 'a report with a control character in its name', run: step({ reports: report({ name: 'a\nb' }) }), says: /\[0\]\.name must not hold control characters/ },
  { name: 'a name of 256 characters', run: step({ reports: report({ name: 'n'.repeat(256) }) }), says: /longer than 255/ },
  { name: 'isError that is no boolean', run: step({ reports: report({ isError: 'yes' }) }), says: /\[0\]\.isError must be true or false/ },
  { name: 'a message that is no string', run: step({ reports: report({ message: 42 }) }), says: /\[0\]\.message must be a string/ },
  { name: 'a report that is no object', run: step({ reports: [null as unknown as TargetReport] }), says: /report 0 must be an object/ },
  { name: 'the same target reported twice', run: step({ reports: [...report({}), ...report({ version: 'v2' })] }), says: /target x is reported twice/ },
  { name: 'a stored target with a negative time', run: step({ targets: target({ wantedAt: -1.5 }) }), says: /wantedAt must be whole epoch milliseconds/ },
  { name: 'a stored target without a wanted version', run: step({ targets: target({ wantedVersion: '' }) }), says: /wantedVersion must not be empty/ },
  { name: 'stored targets naming one twice', run: step({ targets: [...target({ name: 'b' }), ...target({ name: 'a' }), ...target({ name: 'b' })] }), says: /name a target twice/ },
  { name: 'a batch percent over 100', run: step({ rollout: { ...sim.rollout, options: { ...sim.rollout.options, batchPercent: 101 } } }), says: /batchPercent must be a whole number from 0 to 100/ },
  { name: 'a rollout whose good version is marked bad', run: step({ rollout: { ...sim.rollout, badVersions: ['v1'] } }), says: /lastKnownGoodVersion v1 is marked bad/ },
  { name: 'a last bad version not among the bad ones', run: step({ rollout: { ...sim.rollout, lastKnownBadVersion: 'v0' } }), says: /not among badVersions/ },
  { name: 'an unknown phase', run: step({ rollout: { ...sim.rollout, phase: 'dancing' as never } }), says: /unknown phase "dancing"/ },
  { name: 'more steps done than started', run: step({ rollout: { ...sim.rollout, stepsDone: 3 } }), says: /stepsDone \(3\) is beyond step/ },
  { name: 'an unknown selection kind', run: step({ options: { selection: { kind: 'vote' } as never } }), says: /selection must be/ },
  { name: 'approved names that are no list', run: step({ options: { selection: { kind: 'approved', names: 'target0' as never } } }), says: /selection.names must be a list/ },
  { name: 'a check without a result', run: step({ options: { checks: [{ name: 'lag' } as never] } }), says: /checks\[0\]\.passed must be true or false/ },
  { name: 'a version with a control character', run: control({ kind: 'version', version: 'v\u00002' }), says: /version must not hold control characters/ },
  { name: 'an empty version', run: control({ kind: 'version', version: '' }), says: /version must not be empty/ },
  { name: 'a negative success timeout', run: control({ kind: 'options', options: { successTimeoutSecs: -1 } }), says: /successTimeoutSecs must be a whole number from 0/ },
  { name: 'a timeout of a year', run: control({ kind: 'options', options: { durationTimeoutSecs: 365 * 86_400 } }), says: /durationTimeoutSecs must be a whole number from 0 to 2592000/ },
  { name: 'a duration timeout shorter than the success timeout', run: control({ kind: 'options', options: { successTimeoutSecs: 60, durationTimeoutSecs: 30 } }), says: /no target could ever succeed/ },
  { name: 'an empty list of steps', run: control({ kind: 'options', options: { steps: [] } }), says: /steps must be null or a list of 1 to 100/ },
  { name: 'a step of 0', run: control({ kind: 'options', options: { steps: [1, 0] } }), says: /steps\[1\] must be a whole number from 1/ },
  { name: 'a progress deadline of 0', run: control({ kind: 'options', options: { progressDeadlineSecs: 0 } }), says: /progressDeadlineSecs must be a whole number from 1/ },
  { name: 'an unknown option', run: control({ kind: 'options', options: { speed: 3 } as never }), says: /unknown option "speed"/ },
  { name: 'a pause reason of 2000 characters', run: control({ kind: 'pause', reason: 'r'.repeat(2000) }), says: /reason must be text of at most 1000/ },
  { name: 'an unknown control', run: control({ kind: 'explode' } as never), says: /unknown rollout control "explode"/ },
];

describe('rollouts: absurd input is refused with orc_bad_input', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const err = refusal(c.run);
      expect(err).toBeInstanceOf(InputError);
      expect((err as InputError).code).toBe('orc_bad_input');
      expect((err as InputError).message).toMatch(c.says);
    });
  }
});
