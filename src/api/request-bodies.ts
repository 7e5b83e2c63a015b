import { z } from 'zod';

/** POST /api/set-writeable: force overrides the refusals (audited as forced). */
export const setWriteableBody = z.strictObject({ force: z.boolean().default(false) });

/** POST /api/repoint: a new source, or the same one when absent. */
export const repointBody = z.strictObject({ to: z.string().min(1).optional() });

/** POST /api/unfence: why the fence is lifted (audited). */
export const unfenceBody = z.strictObject({ reason: z.string().trim().min(1, 'a reason is required') });

/** POST /api/ack-recovery and /api/ack-all-recoveries: an optional comment. */
export const ackBody = z.strictObject({ comment: z.string().max(1000).default('') });

/** POST /api/begin-downtime: why, and exactly one of a duration ("30m", "1h30m") or an end ("2030-01-31T08:00Z"). */
export const beginDowntimeBody = z
  .strictObject({ reason: z.string().trim().min(1, 'a reason is required'), duration: z.string().min(1).optional(), until: z.string().min(1).optional() })
  .refine((b) => (b.duration === undefined) !== (b.until === undefined), { message: 'give exactly one of duration or until' });

/** POST /api/seeds: the copy method and both servers as HOST:PORT (checked by the command). */
export const startSeedBody = z.strictObject({ method: z.string().min(1).max(64), source: z.string().min(1).max(300), target: z.string().min(1).max(300) });
