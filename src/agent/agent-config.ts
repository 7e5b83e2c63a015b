import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { parseListenAddress, type ListenAddress } from '../../core/api-config.js';
import { jsonSyntaxProblem, problemsLine, schemaProblems, type ConfigProblem } from '../../core/config-problems.js';
import { ConfigError } from '../../core/errors.js';
import { MAX_COMMAND_TIMEOUT_MS } from '../../core/ports/agent-client.js';
import { COMMAND_NAME } from '../../core/rollouts/fleet/fleet-command.js';
import { hookBaseEnv } from '../../core/hooks/spawn-hook-runner.js';
import { findProgram } from './find-program.js';

const listen = z.string().transform((text, ctx) => {
  const parsed = parseListenAddress(text);
  if (typeof parsed === 'string') {
    ctx.addIssue({ code: 'custom', message: parsed });
    return z.NEVER;
  }
  return parsed;
});

const path = z.string().min(1, 'a path must not be empty');
const argv = z.array(z.string().min(1, 'an argument must not be empty')).min(1, 'argv needs at least the program');
const httpUrl = z
  .string()
  .regex(/^https?:\/\/[^/\s]+\/?$/, 'expected http(s)://HOST:PORT with no path')
  .transform((u) => u.replace(/\/$/, ''));
// Credentials go into option files line by line: a line break would end the value.
const oneLine = (what: string) => z.string().regex(/^[^\r\n]*$/, `${what} must not contain a line break`);

const schema = z.strictObject({
  listen,
  /** The shared secret of orc and every agent; ORC_AGENT_TOKEN overrides it. */
  token: z.string().optional(),
  tls: z.strictObject({ cert: path, key: path, ca: path.optional() }).optional(),
  advertiseUrl: httpUrl.optional(),
  orc: z.strictObject({ url: httpUrl, registerIntervalMs: z.number().int().min(100).max(3_600_000).default(10_000) }).optional(),
  server: z.strictObject({
    host: z.string().min(1).max(255),
    port: z.number().int().min(1).max(65535),
    cnf: path,
    datadir: path,
    socket: path.optional(),
    user: oneLine('server.user').min(1),
    password: oneLine('server.password').default(''),
    start: argv.optional(),
    startTimeoutMs: z.number().int().min(1000).max(3_600_000).default(60_000),
  }),
  workDir: path,
  postSeedCommand: argv.optional(),
  programs: z
    .strictObject({
      mariabackup: path.optional(),
      mbstream: path.optional(),
      mariadbDump: path.optional(),
      mariadb: path.optional(),
      mariadbd: path.optional(),
      installDb: path.optional(),
    })
    .prefault({}),
  log: z
    .strictObject({
      level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
      file: path.optional(),
    })
    .prefault({}),
  /** Fleet rollouts: the option file orc owns on this host (the server's cnf must !include it). */
  rollouts: z
    .strictObject({
      optionFile: path.optional(),
      /** The operator commands orc's rollouts may run here, by name: argv arrays, never a shell. */
      commands: z
        .record(
          z.string().regex(COMMAND_NAME, 'a command name is 1 to 64 letters, digits, _ . or - (starting with a letter or digit)'),
          z.strictObject({ run: argv, rollback: argv, timeoutMs: z.number().int().min(100).max(MAX_COMMAND_TIMEOUT_MS).default(60_000) }),
        )
        .default({}),
    })
    .prefault({}),
  /** Bound of one call to orc or to another agent (the stream upload itself is not bounded). */
  requestTimeoutMs: z.number().int().min(100).max(600_000).default(10_000),
});

/** One operator command a rollout may run on this host: the change's argv, its rollback's, and how long either may take. */
export interface AgentCommand {
  readonly run: readonly string[];
  readonly rollback: readonly string[];
  readonly timeoutMs: number;
}

/** Programs the agent runs, as absolute paths (null when not found). */
export interface AgentPrograms {
  readonly mariabackup: string | null;
  readonly mbstream: string | null;
  readonly mariadbDump: string | null;
  readonly mariadb: string | null;
  readonly mariadbd: string | null;
  readonly installDb: string | null;
}

/** The agent's validated, frozen configuration: paths absolute, secrets merged from the environment, programs found. */
export interface AgentConfig {
  readonly listen: ListenAddress;
  readonly token: string;
  readonly tls: { readonly cert: string; readonly key: string; readonly ca: string | null } | null;
  readonly advertiseUrl: string;
  readonly orc: { readonly url: string; readonly registerIntervalMs: number } | null;
  readonly server: {
    readonly host: string;
    readonly port: number;
    readonly cnf: string;
    readonly datadir: string;
    /** Null: the socket named in the cnf. */
    readonly socket: string | null;
    readonly user: string;
    readonly password: string;
    readonly start: readonly string[];
    readonly startTimeoutMs: number;
  };
  readonly workDir: string;
  readonly postSeedCommand: readonly string[] | null;
  readonly programs: AgentPrograms;
  readonly log: { readonly level: string; readonly file: string | null };
  /** Fleet rollouts: the option file the agent persists variables in (null: it persists nothing). */
  readonly rollouts: { readonly optionFile: string | null; readonly commands: Readonly<Record<string, AgentCommand>> };
  readonly requestTimeoutMs: number;
  /** The whole environment of the programs the agent runs (PATH, HOME, LANG): never the agent's own secrets. */
  readonly childEnv: Readonly<Record<string, string>>;
}

/** Environment variables the agent reads, and nothing else. */
export interface AgentConfigEnv {
  ORC_AGENT_TOKEN?: string;
  ORC_AGENT_SERVER_PASSWORD?: string;
  /** Where programs not named in `programs` are looked for (besides /usr/sbin and /usr/bin). */
  PATH?: string;
  HOME?: string;
  LANG?: string;
}

const PROGRAM_NAMES: Readonly<Record<keyof AgentPrograms, readonly string[]>> = {
  mariabackup: ['mariabackup', 'mariadb-backup'],
  mbstream: ['mbstream'],
  mariadbDump: ['mariadb-dump', 'mysqldump'],
  mariadb: ['mariadb', 'mysql'],
  mariadbd: ['mariadbd', 'mysqld'],
  installDb: ['mariadb-install-db', 'mysql_install_db'],
};

function fail(source: string, problems: ConfigProblem[]): never {
  throw new ConfigError(`${source}: ${problemsLine(problems)}`, { path: problems[0]!.where, problems });
}

/** Validates a parsed agent config, merging secrets from env, into a deep-frozen AgentConfig; every problem is named. */
export function parseAgentConfig(raw: unknown, env: AgentConfigEnv = {}, source = 'agent config', baseDir = process.cwd()): AgentConfig {
  const result = schema.safeParse(raw);
  if (!result.success) fail(source, schemaProblems(result.error.issues));
  const c = result.data;
  const abs = (p: string): string => (isAbsolute(p) ? p : resolve(baseDir, p));
  const token = env.ORC_AGENT_TOKEN ?? c.token ?? '';
  const problems: ConfigProblem[] = [];
  if (token.length < 16) problems.push({ where: 'token', message: 'a token needs at least 16 characters (set it in the file or in ORC_AGENT_TOKEN)' });
  const password = env.ORC_AGENT_SERVER_PASSWORD ?? c.server.password;
  if (/[\r\n]/.test(password)) problems.push({ where: 'server.password', message: 'ORC_AGENT_SERVER_PASSWORD must not contain a line break' });
  const programs = Object.fromEntries(
    (Object.keys(PROGRAM_NAMES) as (keyof AgentPrograms)[]).map((k) => {
      const given = c.programs[k];
      return [k, given !== undefined ? abs(given) : findProgram(PROGRAM_NAMES[k], env.PATH ?? '')];
    }),
  ) as unknown as AgentPrograms;
  const cnf = abs(c.server.cnf);
  if (!c.server.start && programs.mariadbd === null) {
    problems.push({ where: 'server.start', message: 'no mariadbd found on PATH, /usr/sbin or /usr/bin: set server.start or programs.mariadbd' });
  }
  if (problems.length > 0) fail(source, problems);
  const scheme = c.tls ? 'https' : 'http';
  const host = c.listen.host.includes(':') ? `[${c.listen.host}]` : c.listen.host;
  const config: AgentConfig = {
    listen: c.listen,
    token,
    tls: c.tls ? { cert: abs(c.tls.cert), key: abs(c.tls.key), ca: c.tls.ca ? abs(c.tls.ca) : null } : null,
    advertiseUrl: c.advertiseUrl ?? `${scheme}://${host}:${c.listen.port}`,
    orc: c.orc ?? null,
    server: {
      ...c.server,
      cnf,
      datadir: abs(c.server.datadir).replace(/\/+$/, ''),
      socket: c.server.socket ? abs(c.server.socket) : null,
      password,
      start: c.server.start ?? [programs.mariadbd!, `--defaults-file=${cnf}`],
    },
    workDir: abs(c.workDir),
    postSeedCommand: c.postSeedCommand ?? null,
    programs,
    log: { level: c.log.level, file: c.log.file ? abs(c.log.file) : null },
    rollouts: { optionFile: c.rollouts.optionFile ? abs(c.rollouts.optionFile) : null, commands: c.rollouts.commands },
    requestTimeoutMs: c.requestTimeoutMs,
    childEnv: { ...hookBaseEnv({ PATH: env.PATH, HOME: env.HOME, LANG: env.LANG }) },
  };
  return deepFreeze(config);
}

/** Reads and validates the agent config file; the only place the agent reads the environment. */
export function loadAgentConfig(file: string, env: NodeJS.ProcessEnv = process.env): AgentConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`cannot read agent config file ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    const problem = jsonSyntaxProblem(text, err);
    throw new ConfigError(`agent config file ${file} is not valid JSON at ${problemsLine([problem])}`, { file, problems: [problem] });
  }
  const picked: AgentConfigEnv = {
    ORC_AGENT_TOKEN: env.ORC_AGENT_TOKEN,
    ORC_AGENT_SERVER_PASSWORD: env.ORC_AGENT_SERVER_PASSWORD,
    PATH: env.PATH,
    HOME: env.HOME,
    LANG: env.LANG,
  };
  return parseAgentConfig(raw, picked, file, dirname(resolve(file)));
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
