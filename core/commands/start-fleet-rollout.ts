import { customAlphabet, nanoid } from 'nanoid';
import { errorLine, InputError, RefusedError } from '../errors.js';
import { compareInstanceKeys, formatInstanceKey, parseInstanceKey, sameInstance } from '../model/instance-key.js';
import type { AgentClient } from '../ports/agent-client.js';
import type { AgentRegistry } from '../ports/agent-registry.js';
import type { FleetRolloutStore } from '../ports/fleet-rollout-store.js';
import { checkCommandName } from '../rollouts/fleet/fleet-command.js';
import { checkFleetGates } from '../rollouts/fleet/fleet-gates.js';
import { AFTER, BEFORE, fleetKey, type FleetRollout, type FleetServer } from '../rollouts/fleet/fleet-rollout.js';
import { checkFleetVariables, type FleetVariable } from '../rollouts/fleet/fleet-variable.js';
import { newRollout, type Rollout } from '../rollouts/rollout.js';
import { checkRolloutOptions, DEFAULT_ROLLOUT_OPTIONS, MAX_ROLLOUT_SECS, type RolloutOptions } from '../rollouts/rollout-options.js';
import type { RolloutTarget } from '../rollouts/rollout-target.js';
import { rolloutEngine, type RolloutCommandContext } from './rollout-command-context.js';
import { resolveCluster } from './resolve-cluster.js';

/** What `orc rollout start` asks for: variables or a command; at most one of batchSize, steps and batchPercent (default: batches of 1). */
export interface FleetRolloutRequest {
  readonly cluster: string;
  /** The server variables to set (none when command is given). */
  readonly variables: readonly FleetVariable[];
  /** An operator command each server's agent declares and runs instead (`--command NAME`). */
  readonly command?: string;
  readonly includePrimary?: boolean;
  readonly batchSize?: number;
  readonly steps?: readonly number[];
  readonly batchPercent?: number;
  readonly pauseBetweenSteps?: boolean;
  /** How long a changed server must pass its gates without a break to succeed (default 10 s). */
  readonly soakSecs?: number;
  /** How much longer than the soak a changed server may take to pass before it fails the rollout (default 60 s). */
  readonly gateTimeoutSecs?: number;
  readonly maxLagSecs?: number;
  readonly gateQuery?: string | null;
}

/** What fleet rollout commands run against: a store keeping rollouts, fleet rollouts and agent registrations, and the agents' client. */
export interface FleetCommandContext extends RolloutCommandContext {
  readonly store: RolloutCommandContext['store'] & FleetRolloutStore & AgentRegistry;
  /** Asks each server's agent which commands it declares (a command rollout's check at start). */
  readonly agentClient: AgentClient;
}

/** A new rollout id: "r-" and 10 lower-case letters or digits (one token in any shell, URL path or Slack command). */
export const newRolloutId = (() => {
  const tail = customAlphabet('0123456789abcdefghijklmnopqrstuvwxyz', 10);
  return () => `r-${tail()}`;
})();

function secs(value: number | undefined, fallback: number, field: string): number {
  const v = value ?? fallback;
  if (!Number.isSafeInteger(v) || v < 0 || v > MAX_ROLLOUT_SECS) throw new InputError(`--${field} must be whole seconds from 0 to ${MAX_ROLLOUT_SECS}, got ${String(value)}`, { field });
  return v;
}

/** The engine options of a request (InputError naming the flag that is wrong). */
export function fleetRolloutOptions(request: FleetRolloutRequest): RolloutOptions {
  const given = [request.batchSize, request.steps, request.batchPercent].filter((v) => v !== undefined).length;
  if (given > 1) throw new InputError('give one of --batch-size, --steps and --batch-percent', { field: 'batch' });
  if (request.batchSize !== undefined && (!Number.isSafeInteger(request.batchSize) || request.batchSize < 1)) {
    throw new InputError(`--batch-size must be a whole number of servers of at least 1, got ${String(request.batchSize)}`, { field: 'batchSize' });
  }
  const soak = secs(request.soakSecs, 10, 'soak');
  const timeout = secs(request.gateTimeoutSecs, 60, 'gate-timeout');
  const steps = request.steps ?? (request.batchPercent === undefined ? [request.batchSize ?? 1] : null);
  return checkRolloutOptions({
    ...DEFAULT_ROLLOUT_OPTIONS,
    batchPercent: request.batchPercent ?? DEFAULT_ROLLOUT_OPTIONS.batchPercent,
    successPercent: 100,
    successTimeoutSecs: soak,
    durationTimeoutSecs: soak + timeout,
    steps: steps === null ? null : [...steps],
    pauseBetweenSteps: request.pauseBetweenSteps ?? false,
  });
}

function server(name: string, role: FleetServer['role']): FleetServer {
  return { name, role, applied: BEFORE, previous: null, baseline: null, gate: '', failure: '' };
}

function target(name: string, now: number): RolloutTarget {
  return { name, group: '', version: BEFORE, isError: false, message: '', versionChangedAt: now, errorChangedAt: now, reportedAt: now, wantedVersion: BEFORE, wantedAt: now };
}

/**
 * The servers among names whose agent cannot run the command, each with why (no agent registered, its agent not
 * answering, or not declaring the command); asked in parallel.
 */
async function serversWithoutCommand(ctx: FleetCommandContext, names: readonly string[], command: string): Promise<string[]> {
  const why = await Promise.all(
    names.map(async (name) => {
      const agent = await ctx.store.getAgent(parseInstanceKey(name));
      if (!agent) return `${name} (no agent)`;
      try {
        const declared = await ctx.agentClient.commands({ url: agent.url });
        return declared.includes(command) ? null : `${name} (its agent does not declare ${command})`;
      } catch (err) {
        return `${name} (its agent: ${errorLine(err)})`;
      }
    }),
  );
  return why.filter((w): w is string => w !== null);
}

/**
 * `orc rollout start CLUSTER --change NAME=VALUE ...` (or `--command NAME`): checks the request, plans the cluster's replicas (and its
 * primary last, through a graceful takeover, when asked) and records the fleet rollout and its engine rollout (every
 * server on the good version "before", "after" rolling); the leader's fleet loop executes it. Refused
 * (orc_refused, nothing stored) when a server is unreachable, another rollout of the cluster is active, or, for a
 * command, a server's agent is missing or does not declare it (every such server listed). Audited
 * as rollout-start with the actor.
 */
export async function startFleetRollout(ctx: FleetCommandContext, request: FleetRolloutRequest): Promise<{ fleet: FleetRollout; rollout: Rollout }> {
  const command = request.command === undefined ? null : checkCommandName(request.command);
  if (command !== null && request.variables?.length) throw new InputError('give --change NAME=VALUE or --command NAME, not both', { field: 'command' });
  const variables = command === null ? checkFleetVariables(request.variables) : [];
  const gates = checkFleetGates({ maxLagSecs: request.maxLagSecs ?? 30, query: request.gateQuery ?? null });
  const options = fleetRolloutOptions(request);
  if (request.includePrimary !== undefined && typeof request.includePrimary !== 'boolean') throw new InputError('includePrimary must be true or false', { field: 'includePrimary' });
  const cluster = await resolveCluster(ctx.store, request.cluster);
  const described = `${command !== null ? `command ${command}` : variables.map((v) => `${v.name}=${v.value}`).join(', ')} on ${cluster.alias ?? cluster.name}${request.includePrimary ? ' (primary last)' : ''}`;
  const audit = (outcome: 'ok' | 'refused', target: string, detail: string) =>
    ctx.store.appendAudit({ id: nanoid(), at: ctx.clock.now(), actor: ctx.actor, action: 'rollout-start', target, cluster: cluster.name, detail, outcome });
  const members = (await ctx.store.listInstances({ clusterName: cluster.name })).sort((a, b) => compareInstanceKeys(a.key, b.key));
  const replicas = members.filter((m) => !sameInstance(m.key, cluster.primary));
  try {
    const problems: string[] = [];
    if (replicas.length === 0) problems.push('the cluster has no replica');
    const down = members.filter((m) => !m.reachable || !m.facts).map((m) => formatInstanceKey(m.key));
    if (down.length > 0) problems.push(`unreachable: ${down.join(', ')}`);
    const active = (await ctx.store.listFleetRollouts({ active: true })).filter((f) => f.cluster === cluster.name);
    if (active.length > 0) problems.push(`rollout ${active[0]!.id} of this cluster is still active`);
    if (command !== null) {
      const targets = [...replicas.map((m) => formatInstanceKey(m.key)), ...(request.includePrimary ? [formatInstanceKey(cluster.primary)] : [])];
      const missing = await serversWithoutCommand(ctx, targets, command);
      if (missing.length > 0) problems.push(`no agent to run ${command} on ${missing.join(', ')}`);
    }
    if (problems.length > 0) throw new RefusedError('orc_refused', `rollout of ${described} refused: ${problems.join('; ')}`, { cluster: cluster.name });
  } catch (err) {
    if (err instanceof RefusedError) await audit('refused', cluster.name, errorLine(err));
    throw err;
  }
  const servers = replicas.map((m) => server(formatInstanceKey(m.key), 'replica'));
  if (request.includePrimary) servers.push(server(formatInstanceKey(cluster.primary), 'primary'));
  const now = ctx.clock.now();
  const id = newRolloutId();
  const key = fleetKey(id);
  const rollout = await rolloutEngine(ctx).create(
    // Rolling from the start (not only at the loop's first step): pause and abort work before any server changed.
    { ...newRollout(key, now, options), targetVersion: AFTER, rollingVersion: AFTER, lastKnownGoodVersion: BEFORE, phase: 'progressing', rollingSince: now, progressAt: now },
    servers.map((s) => target(s.name, now)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
  );
  const fleet: FleetRollout = { id, cluster: cluster.name, actor: ctx.actor, variables, ...(command !== null ? { command } : {}), gates, includePrimary: request.includePrimary ?? false, servers, steps: [], done: false, revision: 1, createdAt: now, updatedAt: now };
  await ctx.store.createFleetRollout(fleet);
  await audit('ok', `orc/${id}`, `rollout ${id}: ${described} across ${servers.length} servers (${servers.map((s) => s.name).join(', ')})`);
  return { fleet, rollout };
}
