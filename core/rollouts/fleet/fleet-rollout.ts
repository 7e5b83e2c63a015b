import type { RolloutKey } from '../rollout-key.js';
import type { ErrnoBaseline, FleetGates } from './fleet-gates.js';
import type { FleetVariable } from './fleet-variable.js';

/** The namespace of orc's own fleet rollouts in the rollout store; a fleet rollout's id is its entity. */
export const FLEET_NAMESPACE = 'orc';

/** The engine's versions of a fleet rollout: every server starts on BEFORE (the last known good); AFTER is the change. */
export const BEFORE = 'before';
export const AFTER = 'after';

/** Most step outcomes kept per rollout (the oldest go first; the audit log keeps them all). */
export const MAX_FLEET_STEPS = 500;

/** One server of a fleet rollout: what it runs as far as orc applied it, and what it had before orc changed it. */
export interface FleetServer {
  /** host:port, the engine target's name. */
  readonly name: string;
  readonly role: 'replica' | 'primary';
  /** The version orc last applied on it (BEFORE until changed, BEFORE again once restored). */
  readonly applied: string;
  /** Each changed variable's value before orc first changed it (null: it read as NULL); null until recorded. */
  readonly previous: Readonly<Record<string, string | null>> | null;
  /** Its replication error numbers just before the change; null until recorded or when it replicates from nobody. */
  readonly baseline: ErrnoBaseline | null;
  /** The latest gate verdict's failures ('' when passing or not measured). */
  readonly gate: string;
  /** Why applying the change failed ('' when it did not): the server fails its gates until it is restored. */
  readonly failure: string;
  /**
   * The option file orc persists the change in through the server's agent, and each changed variable's line in it
   * before orc first changed it (null: no line); recorded with previous, null (or absent in older records) when the
   * server had no agent with an option file then: SET GLOBAL only.
   */
  readonly persistedBefore?: PersistedBefore | null;
  /** True while the change is written in that option file (set after SET GLOBAL, cleared once restored). */
  readonly persisted?: boolean;
  /** The latest run of the rollout's operator command on this server (its run or its rollback); absent before any. */
  readonly command?: FleetCommandRun | null;
  /** The command run orc asked this server's agent for and has not seen end yet; absent or null when none. */
  readonly pendingRun?: PendingCommandRun | null;
}

/** A command run orc asked an agent for (recorded before asking, so a restart asks about it instead of starting another). */
export interface PendingCommandRun {
  readonly id: string;
  readonly phase: 'run' | 'rollback';
  readonly askedAt: number;
  /** When its agent last answered about it (written every ANSWER_RECORD_EVERY_MS at most); absent before the first answer. */
  readonly answeredAt?: number;
}

/** How one run of an operator command ended on a server, as its agent reported it (output: its tail). */
export interface FleetCommandRun {
  readonly phase: 'run' | 'rollback';
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly timedOut: boolean;
  readonly output: string;
  readonly error: string | null;
}

/** An agent's option file and each variable's line in it before orc changed it (null: none). */
export interface PersistedBefore {
  readonly file: string;
  readonly values: Readonly<Record<string, string | null>>;
}

/** What one executed step on one server did. */
export interface FleetStep {
  readonly at: number;
  readonly server: string;
  readonly action: 'apply' | 'restore' | 'takeover';
  readonly outcome: 'ok' | 'failed';
  readonly detail: string;
}

/** A fleet rollout as stored next to its engine rollout (namespace orc, entity id): the plan and each server's state. */
export interface FleetRollout {
  readonly id: string;
  readonly cluster: string;
  readonly actor: string;
  /** The server variables it sets (empty for an operator command's rollout). */
  readonly variables: readonly FleetVariable[];
  /** The operator command the servers' agents run instead of setting variables (absent or null: variables). */
  readonly command?: string | null;
  readonly gates: FleetGates;
  readonly includePrimary: boolean;
  /** Replicas in rollout order, then the primary when included. */
  readonly servers: readonly FleetServer[];
  readonly steps: readonly FleetStep[];
  /** True once the engine rollout ended (completed, rolled back, failed) and nothing is left to execute. */
  readonly done: boolean;
  readonly revision: number;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** The engine rollout of a fleet rollout. */
export function fleetKey(id: string): RolloutKey {
  return { namespace: FLEET_NAMESPACE, entity: id };
}

/** The fleet rollout with one server changed (pure). */
export function withServer(fleet: FleetRollout, name: string, change: (s: FleetServer) => FleetServer): FleetRollout {
  return { ...fleet, servers: fleet.servers.map((s) => (s.name === name ? change(s) : s)) };
}

/** The fleet rollout with one more step outcome, the oldest dropped past MAX_FLEET_STEPS (pure). */
export function withStep(fleet: FleetRollout, step: FleetStep): FleetRollout {
  const steps = [...fleet.steps, step];
  return { ...fleet, steps: steps.length > MAX_FLEET_STEPS ? steps.slice(steps.length - MAX_FLEET_STEPS) : steps };
}
