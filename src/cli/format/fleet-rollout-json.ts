import { formatInstant } from '../../../core/model/instant.js';
import type { RolloutDetail } from '../../../core/commands/rollout-detail.js';
import type { FleetRollout, FleetServer } from '../../../core/rollouts/fleet/fleet-rollout.js';
import { formatRolloutId } from '../../../core/rollouts/rollout-id.js';
import type { Rollout } from '../../../core/rollouts/rollout.js';
import { rolloutJson, rolloutTargetJson } from './rollout-json.js';

/**
 * Whether a server's change is in its option file: 'persisted' (its agent wrote it), 'restored' (written, then put
 * back), 'failed' (writing it failed), 'set-global-only' (no agent with an option file), or null before any change.
 */
export function persistence(s: FleetServer): 'persisted' | 'restored' | 'failed' | 'set-global-only' | null {
  if (s.previous === null) return null;
  if (!s.persistedBefore) return 'set-global-only';
  if (s.persisted) return 'persisted';
  return s.applied === 'after' ? 'failed' : 'restored';
}

/** A fleet rollout for JSON: the plan (changes or command, gates, servers in order with their previous values, persistence, latest command run and the run still going) and every step's outcome. */
export function fleetRolloutJson(f: FleetRollout) {
  return {
    id: f.id,
    cluster: f.cluster,
    actor: f.actor,
    changes: f.variables.map((v) => ({ name: v.name, value: v.value })),
    command: f.command ?? null,
    gates: { maxLagSecs: f.gates.maxLagSecs, query: f.gates.query },
    includePrimary: f.includePrimary,
    done: f.done,
    servers: f.servers.map((s) => ({ name: s.name, role: s.role, applied: s.applied, previous: s.previous, gate: s.gate, failure: s.failure, persisted: s.persisted === true, persistence: f.command ? null : persistence(s), optionFile: s.persistedBefore?.file ?? null, command: s.command ?? null, pendingRun: s.pendingRun ? { id: s.pendingRun.id, phase: s.pendingRun.phase, askedAt: formatInstant(s.pendingRun.askedAt) } : null })),
    steps: f.steps.map((s) => ({ at: formatInstant(s.at), server: s.server, action: s.action, outcome: s.outcome, detail: s.detail })),
    createdAt: formatInstant(f.createdAt),
    updatedAt: formatInstant(f.updatedAt),
  };
}

/** A rollout in `orc rollout list --json`: its id (what show, pause, resume, promote and abort take) first, then the rollout. */
export function rolloutListJson(r: Rollout) {
  return { id: formatRolloutId(r), ...rolloutJson(r) };
}

/** `orc rollout show ID --json`: the id, the rollout, its targets and the fleet record (null for other rollouts). */
export function rolloutDetailJson(d: RolloutDetail) {
  return { id: formatRolloutId(d.rollout), rollout: rolloutJson(d.rollout), targets: d.targets.map(rolloutTargetJson), fleet: d.fleet ? fleetRolloutJson(d.fleet) : null };
}

/** The JSON shapes above. */
export type RolloutListJson = ReturnType<typeof rolloutListJson>;
export type RolloutDetailJson = ReturnType<typeof rolloutDetailJson>;
