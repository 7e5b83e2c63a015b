import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import type { ConfigProblem } from './config-problems.js';

/** The classes of Slack commands, each authorized on its own: reading, operating (ack, downtime), destructive changes. */
export type CommandClass = 'read' | 'operate' | 'destructive';

const slackId = z.string().regex(/^[A-Z0-9][A-Z0-9_-]{1,40}$/i, 'a Slack id (letters, digits, _ and - only)');

/** Who may run a class of commands: Slack user ids and user-group ids, or everyone. */
const grantSchema = z.strictObject({
  users: z.array(slackId).default([]),
  userGroups: z.array(slackId).default([]),
  everyone: z.boolean().default(false),
});

/** The `slack` section: transport, secrets (or files holding them), who may do what, where, and where notifications go. */
export const slackSchema = z
  .strictObject({
    /** http: Slack posts to /slack/events (load-balanceable); socket: orc dials Slack (Socket Mode, no public URL). */
    mode: z.enum(['http', 'socket']).default('http'),
    /** Port `orc bot` serves /slack/events on in http mode (--port overrides it). */
    port: z.number().int().min(0).max(65535).default(3000),
    signingSecret: z.string().optional(),
    signingSecretFile: z.string().min(1).optional(),
    botToken: z.string().optional(),
    botTokenFile: z.string().min(1).optional(),
    appToken: z.string().optional(),
    appTokenFile: z.string().min(1).optional(),
    /** Base URL of the Slack Web API (a proxy, or a stand-in in tests); ORC_SLACK_API_URL overrides it. */
    apiUrl: z.url().optional(),
    authorization: z
      .strictObject({
        read: grantSchema.prefault({ everyone: true }),
        operate: grantSchema.prefault({}),
        destructive: grantSchema.prefault({}),
      })
      .prefault({}),
    /** Channels commands are accepted in (ids); empty accepts every channel the app is in. */
    allowedChannels: z.array(slackId).default([]),
    /** Where notifications go: a channel per cluster (name or alias) and a default; no default, no notifications elsewhere. */
    channels: z
      .strictObject({
        default: z.string().min(1).max(128).optional(),
        clusters: z.record(z.string().min(1), z.string().min(1).max(128)).default({}),
      })
      .prefault({}),
    /** How long a destructive command's Confirm button stays valid. */
    confirmationExpiryMs: z.number().int().min(10_000).max(24 * 3_600_000).default(5 * 60_000),
    /** The notification delivery loop: its period, and the bounds of its exponential backoff after a failed send. */
    delivery: z
      .strictObject({
        intervalMs: z.number().int().min(50).max(60_000).default(1000),
        minBackoffMs: z.number().int().min(10).default(1000),
        maxBackoffMs: z.number().int().min(10).default(5 * 60_000),
      })
      .refine((d) => d.minBackoffMs <= d.maxBackoffMs, { message: 'minBackoffMs must not exceed maxBackoffMs', path: ['minBackoffMs'] })
      .prefault({}),
  });

/** Slack secrets orc reads from the environment (they win over the file). */
export interface SlackEnv {
  ORC_SLACK_SIGNING_SECRET?: string;
  ORC_SLACK_BOT_TOKEN?: string;
  ORC_SLACK_APP_TOKEN?: string;
  ORC_SLACK_API_URL?: string;
}

type SlackSection = z.output<typeof slackSchema>;

const SECRETS = [
  { field: 'signingSecret', file: 'signingSecretFile', variable: 'ORC_SLACK_SIGNING_SECRET' },
  { field: 'botToken', file: 'botTokenFile', variable: 'ORC_SLACK_BOT_TOKEN' },
  { field: 'appToken', file: 'appTokenFile', variable: 'ORC_SLACK_APP_TOKEN' },
] as const;

/**
 * Fills the Slack secrets (environment first, then the file named in config, then the value in config) and the API
 * URL, and returns what is missing for the chosen mode; the secrets' values never appear in a problem.
 */
export function applySlackSecrets(slack: SlackSection, env: SlackEnv, baseDir: string, readSecret: (path: string) => string = readSecretFile): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const s of SECRETS) {
    const fromEnv = env[s.variable];
    const file = slack[s.file];
    if (fromEnv !== undefined && fromEnv !== '') slack[s.field] = fromEnv;
    else if (file !== undefined) {
      const path = isAbsolute(file) ? file : resolve(baseDir, file);
      try {
        slack[s.field] = readSecret(path).trim();
      } catch (err) {
        problems.push({ where: `slack.${s.file}`, message: `cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? 'unreadable'}` });
      }
    }
  }
  if (env.ORC_SLACK_API_URL) {
    if (!URL.canParse(env.ORC_SLACK_API_URL)) problems.push({ where: 'ORC_SLACK_API_URL', message: 'not a URL' });
    else slack.apiUrl = env.ORC_SLACK_API_URL;
  }
  const need = (field: 'signingSecret' | 'botToken' | 'appToken', variable: string) => {
    if (!slack[field]) problems.push({ where: `slack.${field}`, message: `missing: set ${variable}, slack.${field}File or slack.${field}` });
  };
  need('botToken', 'ORC_SLACK_BOT_TOKEN');
  if (slack.mode === 'http') need('signingSecret', 'ORC_SLACK_SIGNING_SECRET');
  else need('appToken', 'ORC_SLACK_APP_TOKEN');
  return problems;
}

function readSecretFile(path: string): string {
  return readFileSync(path, 'utf8');
}
