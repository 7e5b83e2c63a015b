import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { apiExposureProblem, apiSchema, apiSecretEnvName } from './api-config.js';
import { jsonSyntaxProblem, problemsLine, schemaProblems } from './config-problems.js';
import { ConfigError } from './errors.js';
import { parseInstanceKey } from './model/instance-key.js';
import { hooksSchema } from './hooks/hooks-config.js';
import { hookBaseEnv, type HookBaseEnv } from './hooks/spawn-hook-runner.js';
import { recoveryPolicySchema } from './recovery/recovery-policy.js';
import { applySlackSecrets, slackSchema, type SlackEnv } from './slack-config.js';

const hostPort = z.string().transform((text, ctx) => {
  try {
    return parseInstanceKey(text);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: (err as Error).message });
    return z.NEVER;
  }
});

const storeSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('sqlite'), path: z.string().min(1).default('orc.db') }),
  z.strictObject({
    kind: z.literal('mysql'),
    host: z.string().min(1),
    port: z.number().int().min(1).max(65535).default(3306),
    user: z.string().min(1),
    password: z.string().default(''),
    database: z.string().regex(/^[A-Za-z0-9_]+$/, 'database name: letters, digits and _ only'),
  }),
]);

/** Leader election among services sharing one store: lease length, renewal period and this service's name. */
const serviceSchema = z
  .strictObject({
    leaseMs: z.number().int().min(100).default(5000),
    renewMs: z.number().int().min(10).default(1000),
    /** Shown as the lease holder's prefix instead of the host name. */
    name: z.string().min(1).max(200).optional(),
  })
  // A leader demotes itself renewMs before its lease expires, so renewals must come at least twice in a lease.
  .refine((s) => s.renewMs < s.leaseMs / 2, { message: 'renewMs must be less than half of leaseMs', path: ['renewMs'] });

const schema = z.strictObject({
  topology: z
    .strictObject({
      user: z.string().min(1),
      password: z.string().default(''),
      connectTimeoutMs: z.number().int().positive().default(1000),
      queryTimeoutMs: z.number().int().positive().default(2000),
      probeDeadlineMs: z.number().int().positive().default(3000),
    }),
  replication: z
    .strictObject({
      user: z.string().min(1),
      password: z.string().default(''),
      /** MASTER_HEARTBEAT_PERIOD orc sets on replicas it repoints: their heartbeats are how a hung primary is noticed. */
      heartbeatPeriodSeconds: z.number().min(0.1).max(60).default(1),
      connectRetrySeconds: z.number().int().min(1).max(3600).default(1),
    })
    .optional(),
  discovery: z
    .strictObject({
      seeds: z.array(hostPort).default([]),
      pollIntervalMs: z.number().int().min(100).default(1000),
      concurrency: z.number().int().min(1).max(5000).default(64),
      /**
       * Ports replicas may listen on, tried (besides the ports orc already knows) at the client hosts of a server's
       * binlog dump threads when SHOW SLAVE HOSTS does not name every replica (report_host unset, as on MySQL).
       */
      replicaPorts: z.array(z.number().int().min(1).max(65535)).default([]),
    })
    .prefault({}),
  store: storeSchema.prefault({ kind: 'sqlite' }),
  clusters: z
    .array(
      z.strictObject({
        alias: z.string().regex(/^[A-Za-z0-9_.-]+$/, 'alias: letters, digits, _ . - only'),
        seeds: z.array(hostPort).min(1),
      }),
    )
    .default([]),
  recovery: recoveryPolicySchema.prefault({}),
  /** Graceful takeover timing: the designated replica catches up while writes flow, then the no-writer window. */
  takeover: z
    .strictObject({
      /** How long the designated replica may take to catch up with the primary before the window (nothing changed yet). */
      catchUpTimeoutMs: z.number().int().min(0).default(30_000),
      /** Bound of each step inside the window (read_only, last transactions, promotion); past it orc rolls back. */
      windowStepTimeoutMs: z.number().int().min(100).default(5_000),
    })
    .prefault({}),
  hooks: hooksSchema,
  /** How orc reaches seed agents: the token they share with orc (or ORC_AGENT_TOKEN) and the bound of one request. */
  agents: z
    .strictObject({
      token: z.string().default(''),
      requestTimeoutMs: z.number().int().min(100).default(10_000),
      /** An agent whose last registration is older than this is shown unhealthy and not used for new seeds. */
      staleAfterMs: z.number().int().min(1000).default(60_000),
    })
    .prefault({}),
  /** The seed loop (seeds.md): tick period, retries per stage, stale-progress bound, the target's downtime bound. */
  seeds: z
    .strictObject({
      tickMs: z.number().int().min(100).max(60_000).default(1000),
      maxRetriesPerStage: z.number().int().min(0).max(100).default(3),
      staleProgressMs: z.number().int().min(1000).default(10 * 60_000),
      downtimeMs: z.number().int().min(60_000).default(24 * 3_600_000),
    })
    .prefault({}),
  /** The leader's fleet rollout loop (orc rollout start): how often it measures gates and steps every active rollout. */
  rollouts: z
    .strictObject({
      tickMs: z.number().int().min(100).max(60_000).default(1000),
    })
    .prefault({}),
  service: serviceSchema.prefault({}),
  api: apiSchema.prefault({}),
  /** The Slack bot (commands and notifications); absent, no bot. */
  slack: slackSchema.optional(),
  log: z
    .strictObject({
      level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
      file: z.string().optional(),
    })
    .prefault({}),
})
  // orc's own heartbeat must let the replicas it repoints confirm a hung primary, or `orc repoint` fixes nothing.
  .refine((c) => !c.replication || c.replication.heartbeatPeriodSeconds * 1000 <= c.recovery.maxHeartbeatPeriodMs, {
    message: 'heartbeatPeriodSeconds must not exceed recovery.maxHeartbeatPeriodMs: replicas orc repoints could not confirm a hung primary',
    path: ['replication', 'heartbeatPeriodSeconds'],
  });

/** orc's validated, frozen configuration. */
export type Config = DeepReadonly<z.output<typeof schema>>;

type DeepReadonly<T> = T extends (infer U)[]
    ? readonly DeepReadonly<U>[]
    : T extends object
      ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
      : T;

/** Environment variables orc reads, and nothing else. */
export interface ConfigEnv extends SlackEnv {
  ORC_CONFIG?: string;
  ORC_TOPOLOGY_PASSWORD?: string;
  ORC_REPLICATION_PASSWORD?: string;
  ORC_STORE_PASSWORD?: string;
  ORC_AGENT_TOKEN?: string;
  /** API secrets by credential: ORC_API_TOKEN_<NAME>, ORC_API_PASSWORD_<USER>. */
  [secret: `ORC_API_${string}`]: string | undefined;
}

/** Validates a parsed config object, applying environment overrides, into a deep-frozen Config; every problem is named at once. */
export function parseConfig(raw: unknown, env: ConfigEnv = {}, source = 'config', baseDir = process.cwd()): Config {
  const result = schema.safeParse(raw);
  if (!result.success) {
    const problems = schemaProblems(result.error.issues);
    throw new ConfigError(`${source}: ${problemsLine(problems)}`, { path: problems[0]!.where, problems });
  }
  const cfg = result.data;
  // A relative SQLite path means "next to the config file", so a config works from any working directory.
  if (cfg.store.kind === 'sqlite' && !isAbsolute(cfg.store.path)) cfg.store.path = resolve(baseDir, cfg.store.path);
  if (env.ORC_TOPOLOGY_PASSWORD !== undefined) cfg.topology.password = env.ORC_TOPOLOGY_PASSWORD;
  if (env.ORC_REPLICATION_PASSWORD !== undefined && cfg.replication) cfg.replication.password = env.ORC_REPLICATION_PASSWORD;
  if (env.ORC_STORE_PASSWORD !== undefined && cfg.store.kind === 'mysql') cfg.store.password = env.ORC_STORE_PASSWORD;
  if (env.ORC_AGENT_TOKEN !== undefined) cfg.agents.token = env.ORC_AGENT_TOKEN;
  if (cfg.agents.token !== '' && cfg.agents.token.length < 16) {
    throw new ConfigError(`${source}: agents.token: a token needs at least 16 characters`, { path: 'agents.token' });
  }
  applyApiSecrets(cfg.api, env, source);
  if (cfg.slack) {
    const problems = applySlackSecrets(cfg.slack, env, baseDir);
    if (problems.length > 0) throw new ConfigError(`${source}: ${problemsLine(problems)}`, { path: problems[0]!.where, problems });
  }
  return deepFreeze(cfg) as Config;
}

/** Reads and validates the config file at path (or $ORC_CONFIG); the only place orc reads the environment. */
export function loadConfig(path: string | undefined, env: NodeJS.ProcessEnv = process.env): Config {
  const file = path ?? env.ORC_CONFIG;
  if (!file) throw new ConfigError('no config file: pass --config PATH or set ORC_CONFIG');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`cannot read config file ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    const problem = jsonSyntaxProblem(text, err);
    throw new ConfigError(`config file ${file} is not valid JSON at ${problemsLine([problem])}`, { file, problems: [problem] });
  }
  return parseConfig(raw, pickEnv(env), file, dirname(resolve(file)));
}

function pickEnv(env: NodeJS.ProcessEnv): ConfigEnv {
  const picked: ConfigEnv = {
    ORC_TOPOLOGY_PASSWORD: env.ORC_TOPOLOGY_PASSWORD,
    ORC_REPLICATION_PASSWORD: env.ORC_REPLICATION_PASSWORD,
    ORC_STORE_PASSWORD: env.ORC_STORE_PASSWORD,
    ORC_AGENT_TOKEN: env.ORC_AGENT_TOKEN,
    ORC_SLACK_SIGNING_SECRET: env.ORC_SLACK_SIGNING_SECRET,
    ORC_SLACK_BOT_TOKEN: env.ORC_SLACK_BOT_TOKEN,
    ORC_SLACK_APP_TOKEN: env.ORC_SLACK_APP_TOKEN,
    ORC_SLACK_API_URL: env.ORC_SLACK_API_URL,
  };
  for (const [name, value] of Object.entries(env)) if (name.startsWith('ORC_API_')) picked[name as `ORC_API_${string}`] = value;
  return picked;
}

/** Fills API secrets from the environment (it wins over the file), then refuses a credential without one or an exposed API without any. */
function applyApiSecrets(api: z.output<typeof apiSchema>, env: ConfigEnv, source: string): void {
  const problems: { where: string; message: string }[] = [];
  api.tokens.forEach((t, i) => {
    const variable = apiSecretEnvName('token', t.name);
    t.token = env[variable] ?? t.token;
    if (!t.token) problems.push({ where: `api.tokens.${i}.token`, message: `missing: set it in the file or in ${variable}` });
    else if (t.token.length < 16) problems.push({ where: `api.tokens.${i}.token`, message: `${variable}: a token needs at least 16 characters` });
  });
  api.basic.forEach((b, i) => {
    const variable = apiSecretEnvName('password', b.user);
    b.password = env[variable] ?? b.password;
    if (!b.password) problems.push({ where: `api.basic.${i}.password`, message: `missing: set it in the file or in ${variable}` });
    else if (b.password.length < 8) problems.push({ where: `api.basic.${i}.password`, message: `${variable}: a password needs at least 8 characters` });
  });
  const exposure = api.listen ? apiExposureProblem(api.listen, api.tokens.length + api.basic.length) : null;
  if (exposure) problems.push({ where: 'api.listen', message: exposure });
  if (problems.length > 0) throw new ConfigError(`${source}: ${problemsLine(problems)}`, { path: problems[0]!.where, problems });
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** The environment hook processes start from (PATH, HOME, LANG only): read here, where orc reads the environment. */
export function hookBaseEnvironment(env: NodeJS.ProcessEnv = process.env): HookBaseEnv {
  return hookBaseEnv(env);
}
