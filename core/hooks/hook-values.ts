import { formatInstanceKey, type InstanceKey } from '../model/instance-key.js';

/** What orc knows about a failure and its recovery when a hook runs; the source of every placeholder and ORC_* variable. */
export interface HookContext {
  /** The analysis code, e.g. "DeadMaster". */
  readonly failureType: string;
  /** orchestrator's instance type words: "master", "co-master" or "intermediate-master". */
  readonly instanceType: string;
  readonly isPrimary: boolean;
  readonly isCoPrimary: boolean;
  readonly failureDescription: string;
  /** The operation that triggered the hooks, e.g. "graceful-master-takeover"; empty for automated recovery. */
  readonly command?: string;
  readonly failedHost: string;
  readonly failedPort: number;
  readonly failureCluster: string;
  readonly failureClusterAlias?: string;
  readonly failureClusterDomain?: string;
  readonly countReplicas: number;
  readonly isDowntimed: boolean;
  readonly autoPrimaryRecovery: boolean;
  readonly autoIntermediatePrimaryRecovery: boolean;
  readonly orcHost: string;
  readonly recoveryUID: string;
  readonly isSuccessful: boolean;
  readonly lostReplicas: readonly InstanceKey[];
  readonly replicaHosts: readonly InstanceKey[];
  readonly successorHost?: string;
  readonly successorPort?: number;
  /** "file:position" of the promoted server, where known. */
  readonly successorBinlogCoordinates?: string;
  readonly successorAlias?: string;
  /** Lost replicas hold transactions the successor lacks (errant or ahead): they are lost with them. */
  readonly isDataLoss?: boolean;
  /** The lost replicas that hold such transactions. */
  readonly dataLossReplicas?: readonly InstanceKey[];
  /** What each of them holds that the successor lacks: "host:port=GTIDs", ";"-separated. */
  readonly dataLossGtids?: string;
  /** The recovery ended leaving the cluster without a writable primary. */
  readonly isHeadless?: boolean;
}

/** The string values a hook receives: by placeholder name (all aliases) and as environment variables. */
export interface HookValues {
  readonly placeholders: ReadonlyMap<string, string>;
  readonly env: Readonly<Record<string, string>>;
}

interface ValueDef {
  /** orchestrator's placeholder name, then orc and legacy aliases. */
  readonly names: readonly string[];
  /** orchestrator's variable name, then orc aliases. */
  readonly env: readonly string[];
  readonly value: (ctx: HookContext) => string;
}

const keyList = (keys: readonly InstanceKey[]): string => keys.map(formatInstanceKey).join(',');

const VALUE_DEFS: readonly ValueDef[] = Object.freeze([
  { names: ['failureType'], env: ['ORC_FAILURE_TYPE'], value: (c) => c.failureType },
  { names: ['instanceType'], env: ['ORC_INSTANCE_TYPE'], value: (c) => c.instanceType },
  { names: ['isMaster', 'isPrimary'], env: ['ORC_IS_MASTER', 'ORC_IS_PRIMARY'], value: (c) => String(c.isPrimary) },
  { names: ['isCoMaster', 'isCoPrimary'], env: ['ORC_IS_CO_MASTER', 'ORC_IS_CO_PRIMARY'], value: (c) => String(c.isCoPrimary) },
  { names: ['failureDescription'], env: ['ORC_FAILURE_DESCRIPTION'], value: (c) => c.failureDescription },
  { names: ['command'], env: ['ORC_COMMAND'], value: (c) => c.command ?? '' },
  { names: ['failedHost'], env: ['ORC_FAILED_HOST'], value: (c) => c.failedHost },
  { names: ['failedPort'], env: ['ORC_FAILED_PORT'], value: (c) => String(c.failedPort) },
  { names: ['failureCluster'], env: ['ORC_FAILURE_CLUSTER'], value: (c) => c.failureCluster },
  { names: ['failureClusterAlias'], env: ['ORC_FAILURE_CLUSTER_ALIAS'], value: (c) => c.failureClusterAlias ?? '' },
  { names: ['failureClusterDomain'], env: ['ORC_FAILURE_CLUSTER_DOMAIN'], value: (c) => c.failureClusterDomain ?? '' },
  { names: ['countReplicas', 'countSlaves'], env: ['ORC_COUNT_REPLICAS'], value: (c) => String(c.countReplicas) },
  { names: ['isDowntimed'], env: ['ORC_IS_DOWNTIMED'], value: (c) => String(c.isDowntimed) },
  {
    names: ['autoMasterRecovery', 'autoPrimaryRecovery'],
    env: ['ORC_AUTO_MASTER_RECOVERY', 'ORC_AUTO_PRIMARY_RECOVERY'],
    value: (c) => String(c.autoPrimaryRecovery),
  },
  {
    names: ['autoIntermediateMasterRecovery', 'autoIntermediatePrimaryRecovery'],
    env: ['ORC_AUTO_INTERMEDIATE_MASTER_RECOVERY', 'ORC_AUTO_INTERMEDIATE_PRIMARY_RECOVERY'],
    value: (c) => String(c.autoIntermediatePrimaryRecovery),
  },
  { names: ['orchestratorHost', 'orcHost'], env: ['ORC_ORCHESTRATOR_HOST', 'ORC_HOST'], value: (c) => c.orcHost },
  { names: ['recoveryUID'], env: ['ORC_RECOVERY_UID'], value: (c) => c.recoveryUID },
  { names: ['isSuccessful'], env: ['ORC_IS_SUCCESSFUL'], value: (c) => String(c.isSuccessful) },
  { names: ['lostReplicas', 'lostSlaves'], env: ['ORC_LOST_REPLICAS'], value: (c) => keyList(c.lostReplicas) },
  { names: ['countLostReplicas'], env: ['ORC_COUNT_LOST_REPLICAS'], value: (c) => String(c.lostReplicas.length) },
  { names: ['replicaHosts', 'slaveHosts'], env: ['ORC_REPLICA_HOSTS'], value: (c) => keyList(c.replicaHosts) },
  { names: ['successorHost'], env: ['ORC_SUCCESSOR_HOST'], value: (c) => c.successorHost ?? '' },
  { names: ['successorPort'], env: ['ORC_SUCCESSOR_PORT'], value: (c) => (c.successorPort === undefined ? '' : String(c.successorPort)) },
  {
    names: ['successorBinlogCoordinates'],
    env: ['ORC_SUCCESSOR_BINLOG_COORDINATES'],
    value: (c) => c.successorBinlogCoordinates ?? '',
  },
  { names: ['successorAlias'], env: ['ORC_SUCCESSOR_ALIAS'], value: (c) => c.successorAlias ?? '' },
  { names: ['isDataLoss'], env: ['ORC_IS_DATA_LOSS'], value: (c) => String(c.isDataLoss ?? false) },
  { names: ['dataLossReplicas'], env: ['ORC_DATA_LOSS_REPLICAS'], value: (c) => keyList(c.dataLossReplicas ?? []) },
  { names: ['dataLossGtids', 'lostGtids'], env: ['ORC_DATA_LOSS_GTIDS', 'ORC_LOST_GTIDS'], value: (c) => c.dataLossGtids ?? '' },
  { names: ['isHeadless'], env: ['ORC_IS_HEADLESS'], value: (c) => String(c.isHeadless ?? false) },
]);

/** Every placeholder name a hook may use, orchestrator's and orc's ("isMaster" and "isPrimary", ...). */
export const KNOWN_PLACEHOLDERS: ReadonlySet<string> = new Set(VALUE_DEFS.flatMap((d) => d.names));

/** The environment variable that carries a placeholder's value (orchestrator's name), for error messages. */
export function envNameOf(placeholder: string): string | undefined {
  return VALUE_DEFS.find((d) => d.names.includes(placeholder))?.env[0];
}

/**
 * Builds the placeholder map and the ORC_* environment from a context; lists are "host:port,host:port", booleans
 * "true"/"false", and values orc does not know (no successor yet) are empty strings, present in both.
 */
export function buildHookValues(ctx: HookContext): HookValues {
  const placeholders = new Map<string, string>();
  const env: Record<string, string> = {};
  for (const def of VALUE_DEFS) {
    const value = def.value(ctx);
    for (const name of def.names) placeholders.set(name, value);
    for (const name of def.env) env[name] = value;
  }
  return Object.freeze({ placeholders, env: Object.freeze(env) });
}

// {{name}} is an escape for a literal "{name}"; anything else between braces that is not a bare word (JSON, awk) is text.
const PLACEHOLDER_RE = /\{\{([A-Za-z][A-Za-z0-9]*)\}\}|\{([A-Za-z][A-Za-z0-9]*)\}/g;

/** The placeholder names used in a text (escaped "{{name}}" excluded), in order of appearance. */
export function placeholdersIn(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER_RE)].flatMap((m) => (m[2] === undefined ? [] : [m[2]]));
}

/** The names used in a text that are not known placeholders; config loading refuses a hook that has any. */
export function unknownPlaceholders(text: string): string[] {
  return placeholdersIn(text).filter((name) => !KNOWN_PLACEHOLDERS.has(name));
}

/**
 * Substitutes placeholders inside each argv element; a value never splits or joins elements and is never
 * interpreted (no shell, no "$&" replacement patterns). Unknown names are left as written (config refuses them).
 */
export function expandArgv(argv: readonly string[], values: HookValues): string[] {
  return argv.map((arg) =>
    arg.replace(PLACEHOLDER_RE, (match: string, escaped: string | undefined, name: string | undefined) => {
      if (escaped !== undefined) return `{${escaped}}`;
      return values.placeholders.get(name!) ?? match;
    }),
  );
}
