import { z } from 'zod';
import { MAX_ROLLOUT_TARGETS } from '../../core/rollouts/check-orchestrate-input.js';
import { MAX_REASON_LENGTH } from '../../core/rollouts/control-reason.js';
import { MAX_ROLLOUT_SECS, MAX_STEP_SIZE, MAX_STEPS } from '../../core/rollouts/rollout-options.js';
import { ROLLOUT_TEXT_LENGTH } from '../../core/rollouts/rollout-text.js';

const text = z.string().min(1).max(ROLLOUT_TEXT_LENGTH);
const secs = z.number().int().min(0).max(MAX_ROLLOUT_SECS);

/** POST /api/rollouts/:namespace/:entity/orchestrate: every target's report, the reference's shape (the message is cut at 4000 characters). */
export const orchestrateBody = z
  .array(z.strictObject({ name: text, group: z.string().max(ROLLOUT_TEXT_LENGTH).optional(), version: text, isError: z.boolean().optional(), message: z.string().optional() }))
  .max(MAX_ROLLOUT_TARGETS);

/** POST .../version: the version to roll. */
export const rolloutVersionBody = z.strictObject({ version: text });

/** POST .../options: the reference's four knobs and orc's additions; the ones left out keep their values. */
export const rolloutOptionsBody = z.strictObject({
  batchPercent: z.number().int().min(0).max(100).optional(),
  successPercent: z.number().int().min(0).max(100).optional(),
  successTimeoutSecs: secs.optional(),
  durationTimeoutSecs: secs.optional(),
  steps: z.array(z.number().int().min(1).max(MAX_STEP_SIZE)).min(1).max(MAX_STEPS).nullable().optional(),
  pauseBetweenSteps: z.boolean().optional(),
  progressDeadlineSecs: z.number().int().min(1).max(MAX_ROLLOUT_SECS).nullable().optional(),
});

/** POST .../pause and .../abort: an optional reason (audited, shown). */
export const rolloutReasonBody = z.strictObject({ reason: z.string().max(MAX_REASON_LENGTH).optional() });

/** POST .../promote: full marks the version good now and tells every remaining target. */
export const rolloutPromoteBody = z.strictObject({ full: z.boolean().optional() });

/** POST .../resume: nothing. */
export const emptyBody = z.strictObject({});

/** POST /api/rollouts: orc's fleet rollout of server variables or of an operator command (`orc rollout start`); the core checks every value again. */
export const fleetRolloutBody = z.strictObject({
  cluster: z.string().min(1).max(300),
  changes: z.array(z.strictObject({ name: z.string().max(64), value: z.string().max(1024) })).min(1).max(32).optional(),
  /** An operator command the servers' agents declare, instead of changes. */
  command: z.string().max(64).optional(),
  includePrimary: z.boolean().optional(),
  batchSize: z.number().int().min(1).max(MAX_STEP_SIZE).optional(),
  steps: z.array(z.number().int().min(1).max(MAX_STEP_SIZE)).min(1).max(MAX_STEPS).optional(),
  batchPercent: z.number().int().min(0).max(100).optional(),
  pauseBetweenSteps: z.boolean().optional(),
  soakSecs: secs.optional(),
  gateTimeoutSecs: secs.optional(),
  maxLagSecs: z.number().int().min(0).max(86_400).optional(),
  gateQuery: z.string().max(4000).nullable().optional(),
});
