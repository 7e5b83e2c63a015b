import { z } from 'zod';
import { SEED_METHODS } from '../../core/seeds/seed-method.js';
import { SEED_STAGES } from '../../core/seeds/seed-stage.js';

/** A seed id as agents accept it: it names files and directories (`<datadir>.orc-seed-<id>`), so letters, digits, _ . - only. */
export const seedIdSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/, 'a seed id has 1 to 100 letters, digits, _ . - (starting with a letter or digit)');

const peer = z.strictObject({
  host: z.string().min(1).max(255),
  port: z.number().int().min(1).max(65535),
  agentUrl: z
    .string()
    .regex(/^https?:\/\/[^/\s]+\/?$/, 'expected http(s)://HOST:PORT with no path')
    .transform((u) => u.replace(/\/$/, '')),
});

/** The body of POST /api/seeds/:id/stages/:stage (core/ports/agent-client.ts StageRequest). */
export const stageRequestSchema = z.strictObject({
  seedId: seedIdSchema,
  stage: z.enum(SEED_STAGES),
  method: z.enum(SEED_METHODS),
  side: z.enum(['source', 'target']),
  source: peer,
  target: peer,
});
