import type { RolloutOptions } from '../rollout-options.js';
import type { TargetReport } from '../rollout-target.js';
import type { Selection } from '../select-batch.js';
import { targetOutcome } from '../target-outcome.js';
import type { WantedTarget } from '../wanted-versions.js';
import type { GateVerdict } from './fleet-gates.js';
import { AFTER, BEFORE, type FleetRollout } from './fleet-rollout.js';

/** What the executor does to one server: apply the change (after a takeover when it is still the primary), or restore it. */
export interface FleetAction {
  readonly server: string;
  readonly kind: 'apply' | 'restore';
}

/**
 * The engine reports of every server (pure): the version orc applied on it, in error while a changed server
 * fails its gates (verdicts by server name; a changed server without a verdict was not measured and is in error)
 * or while a change that failed is left on it.
 */
export function fleetReports(fleet: FleetRollout, verdicts: ReadonlyMap<string, GateVerdict>): TargetReport[] {
  return fleet.servers.map((s) => {
    if (s.applied !== AFTER) return s.failure === '' ? { name: s.name, version: s.applied } : { name: s.name, version: s.applied, isError: true, message: s.failure };
    const verdict = verdicts.get(s.name) ?? { passed: false, message: 'not measured' };
    return verdict.passed ? { name: s.name, version: AFTER } : { name: s.name, version: AFTER, isError: true, message: verdict.message };
  });
}

/**
 * How the next batch is chosen (a pure filter): the replicas in plan order, and the primary only once every replica
 * succeeded with the change (so the primary goes last, alone); a rollback takes the changed servers in plan order.
 */
export function fleetSelection(fleet: FleetRollout, options: RolloutOptions, now: number): Selection {
  const order = new Map(fleet.servers.map((s, i) => [s.name, i]));
  const primary = fleet.servers.find((s) => s.role === 'primary')?.name;
  return {
    kind: 'filter',
    choose: (request) => {
      const candidates = [...request.candidates].sort((a, b) => (order.get(a.name) ?? 0) - (order.get(b.name) ?? 0));
      if (request.rollback || primary === undefined) return { select: candidates.slice(0, request.count).map((t) => t.name) };
      const replicasDone = request.targets.every((t) => t.name === primary || targetOutcome(t, AFTER, options, now) === 'succeeded');
      return { select: candidates.filter((t) => t.name !== primary || replicasDone).slice(0, request.count).map((t) => t.name) };
    },
  };
}

/**
 * The servers whose wanted version differs from what orc applied on them, in plan order, except failed changes, and
 * every server with a command run still pending (pure).
 */
export function fleetActions(fleet: FleetRollout, wanted: readonly WantedTarget[]): FleetAction[] {
  const want = new Map(wanted.map((w) => [w.name, w.version]));
  const actions: FleetAction[] = [];
  for (const s of fleet.servers) {
    const v = want.get(s.name);
    // A command run asked for and not seen to its end is followed whatever the engine wants now: it may change the server.
    if (s.pendingRun) {
      actions.push({ server: s.name, kind: v === AFTER && s.pendingRun.phase === 'run' ? 'apply' : 'restore' });
      continue;
    }
    // A failed change (a refused SET, a failed takeover) is restored too: it may have left something behind.
    if (v === undefined || (v === s.applied && (v !== BEFORE || s.failure === ''))) continue;
    // A change that failed is not tried again (a takeover is never retried on its own): the server fails its gates.
    if (v === AFTER) {
      if (s.failure === '') actions.push({ server: s.name, kind: 'apply' });
    }
    else if (v === BEFORE) actions.push({ server: s.name, kind: 'restore' });
  }
  return actions;
}
