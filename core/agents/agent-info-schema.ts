import { z } from 'zod';
import { SEED_METHODS } from '../seeds/seed-method.js';

const bytes = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const shortText = z.string().min(1).max(255);

/** Most user databases one agent may report (its whole report is bounded by MAX_AGENT_INFO_CHARS too). */
export const MAX_AGENT_DATABASES = 10_000;

/** Longest AgentInfo orc keeps, as JSON text. */
export const MAX_AGENT_INFO_CHARS = 256 * 1024;

/** An AgentInfo as an agent sends it (GET /api/info, registration): strict, every text and list bounded. */
export const agentInfoSchema = z.strictObject({
  host: shortText,
  mysqlPort: z.number().int().min(1).max(65535),
  agentVersion: z.string().max(64),
  methods: z.array(z.enum(SEED_METHODS)).max(SEED_METHODS.length),
  datadir: z.string().max(4096),
  diskFreeBytes: bytes,
  diskUsedBytes: bytes,
  datadirBytes: bytes,
  databases: z
    .array(
      z.strictObject({
        name: z.string().min(1).max(255),
        engines: z.array(z.string().min(1).max(64)).max(64),
        bytes,
      }),
    )
    .max(MAX_AGENT_DATABASES),
  activeSeed: z.string().min(1).max(64).nullable(),
  serverRunning: z.boolean(),
  serverVersion: z.string().max(255).nullable(),
});
