import type { AgentStageState } from '../seeds/agent-stage-report.js';
import type { SeedMethod, SeedSide } from '../seeds/seed-method.js';
import type { SeedStage } from '../seeds/seed-stage.js';

/** Where orc reaches one agent: its base URL (http or https, no path) as the agent registered it. */
export interface AgentEndpoint {
  readonly url: string;
}

/** One database of the agent's local server, as the agent measured it. */
export interface AgentDatabase {
  readonly name: string;
  /** Storage engines of its tables, lower-case. */
  readonly engines: readonly string[];
  readonly bytes: number;
}

/** What an agent says of its host and its local server (GET /api/info). */
export interface AgentInfo {
  /** The MySQL/MariaDB server the agent serves, as orc names it (host:port). */
  readonly host: string;
  readonly mysqlPort: number;
  readonly agentVersion: string;
  /** Seed methods this host can run (programs found, server flavor fits). */
  readonly methods: readonly SeedMethod[];
  readonly datadir: string;
  /** Free and used bytes of the file system holding the datadir. */
  readonly diskFreeBytes: number;
  readonly diskUsedBytes: number;
  /** Bytes under the datadir. */
  readonly datadirBytes: number;
  /** User databases (system schemas left out); empty when the server is down. */
  readonly databases: readonly AgentDatabase[];
  /** The seed this agent is taking part in (not yet cleaned up or aborted), or null. */
  readonly activeSeed: string | null;
  readonly serverRunning: boolean;
  /** The local server's version text, or null when it is down. */
  readonly serverVersion: string | null;
}

/** One end of a seed as the agents see it: the server and the agent beside it. */
export interface SeedPeer {
  readonly host: string;
  readonly port: number;
  readonly agentUrl: string;
}

/** What orc tells an agent when it calls a stage (POST /api/seeds/:id/stages/:stage). */
export interface StageRequest {
  readonly seedId: string;
  readonly stage: SeedStage;
  readonly method: SeedMethod;
  /** Which end of the seed the called agent is. */
  readonly side: SeedSide;
  readonly source: SeedPeer;
  readonly target: SeedPeer;
}

/** An agent's report of one stage of one seed (GET /api/seeds/:id/stages/:stage). */
export interface StageStatus {
  readonly seedId: string;
  readonly stage: SeedStage;
  readonly state: AgentStageState;
  /** Bytes copied or applied in this stage so far. */
  readonly bytes: number;
  /** The agent's time of the latest change (epoch ms). */
  readonly updatedAt: number;
  readonly error?: string;
}

/** Where the copy stands in the source's history, read by the target agent after Restore (GET /api/seeds/:id/metadata). */
export interface SeedMetadata {
  /** The GTID position to replicate from (MariaDB domain-server-seq list, or a MySQL GTID set). */
  readonly gtid: string;
  readonly binlogFile: string | null;
  readonly binlogPos: number | null;
}

/** The server variables orc persisted in the option file it owns on an agent's host (GET/PUT /api/persisted-variables). */
export interface PersistedVariables {
  /** The option file (an absolute path on the agent's host); null when the agent has none configured: nothing is persisted. */
  readonly file: string | null;
  /** Each variable that has a line in it, by name (lower case), with the value written. */
  readonly values: Readonly<Record<string, string>>;
}

/** One change to the persisted variables: a variable's new value, or null to remove its line. */
export interface PersistedChange {
  readonly name: string;
  readonly value: string | null;
}

/** Longest an operator command may run on an agent (its config's timeoutMs is at most this). */
export const MAX_COMMAND_TIMEOUT_MS = 600_000;

/** Which argv of a declared operator command to run: the change, or its rollback. */
export type CommandPhase = 'run' | 'rollback';

/** What orc asks an agent to start (POST /api/commands/:name/runs): a command its config declares, for a rollout. */
export interface CommandRequest {
  readonly name: string;
  readonly phase: CommandPhase;
  /** The rollout it runs for (ORC_ROLLOUT_ID in the command's environment). */
  readonly rollout: string;
  /** orc's id of this run, recorded before it asks: asking again with it answers that run instead of starting another. */
  readonly runId: string;
}

/** A run as its agent knows it: still running, or how it ended. */
export type CommandRunState =
  | { readonly id: string; readonly state: 'running' }
  | { readonly id: string; readonly state: 'ended'; readonly run: CommandRun };

/** How a command ended on the agent: a failing, missing or hung command is a result, not an error. */
export interface CommandRun {
  readonly name: string;
  readonly phase: CommandPhase;
  /** The exit status; null when it was killed by a signal (a timeout) or never started. */
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly timedOut: boolean;
  readonly durationMs: number;
  /** The tail of its stdout, then of its stderr (capped by the agent). */
  readonly output: string;
  /** Why it could not be started, else null. */
  readonly error: string | null;
}

/**
 * How orc talks to agents (the port; the HTTP adapter authenticates with the agents' token). Every call rejects with
 * an OrcError: UnreachableError when the agent cannot be reached, RefusedError when it refuses (busy, unknown seed),
 * OperationError for anything else it reports.
 */
export interface AgentClient {
  info(agent: AgentEndpoint, signal?: AbortSignal): Promise<AgentInfo>;
  /** Starts a stage on the agent; resolves once the agent accepted it (the work goes on in the agent). */
  startStage(agent: AgentEndpoint, request: StageRequest, signal?: AbortSignal): Promise<void>;
  stageStatus(agent: AgentEndpoint, seedId: string, stage: SeedStage, signal?: AbortSignal): Promise<StageStatus>;
  /** Stops whatever the agent runs for the seed and puts its host back as it was before the seed; idempotent. */
  abort(agent: AgentEndpoint, seedId: string, signal?: AbortSignal): Promise<void>;
  metadata(agent: AgentEndpoint, seedId: string, signal?: AbortSignal): Promise<SeedMetadata>;
  /** The variables orc persisted in the agent's option file. */
  persistedVariables(agent: AgentEndpoint, signal?: AbortSignal): Promise<PersistedVariables>;
  /** Writes (or removes) variables' lines in the agent's option file, atomically; answers the file's variables after. */
  persistVariables(agent: AgentEndpoint, changes: readonly PersistedChange[], signal?: AbortSignal): Promise<PersistedVariables>;
  /** The names of the operator commands the agent's config declares. */
  commands(agent: AgentEndpoint, signal?: AbortSignal): Promise<readonly string[]>;
  /**
   * Starts a declared command's run or rollback argv on the agent (it runs there to its end, bounded by its timeout)
   * and answers at once; the same runId answers the run it started. RefusedError for an undeclared command.
   */
  startCommand(agent: AgentEndpoint, request: CommandRequest, signal?: AbortSignal): Promise<CommandRunState>;
  /** A run started with startCommand; null when the agent does not know the id (it restarted, or forgot a long-ended run). */
  commandRun(agent: AgentEndpoint, runId: string, signal?: AbortSignal): Promise<CommandRunState | null>;
}
