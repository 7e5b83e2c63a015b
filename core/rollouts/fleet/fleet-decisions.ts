import type { RolloutOptions } from '../rollout-options.js';
import type { RolloutTarget, TargetReport } from '../rollout-target.js';
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
 * fails its gates (verdicts by server name; a changed server without a verdict was not measured and is in error).
 */
export function fleetReports(fleet: FleetRollout, verdicts: ReadonlyMap<string, GateVerdict>): TargetReport[] {
  return fleet.servers.map((s) => {
    if (s.applied !== AFTER) return { name: s.name, version: s.applied };
    const verdict = verdicts.get(s.name) ?? { passed: false, message: 'not measured' };
    return verdict.passed ? { name: s.name, version: AFTER } : { name: s.name, version: AFTER, isError: true, message: verdict.message };
  });
}

/**
 * Which servers the next batch may change, in order (pure): the replicas in plan order, and the primary only once
 * every replica succeeded with the change (so the primary goes last, alone).
 */
export function fleetSelection(fleet: FleetRollout, targets: readonly RolloutTarget[], options: RolloutOptions, now: number): Selection {
  const byName = new Map(targets.map((t) => [t.name, t]));
  const replicas = fleet.servers.filter((s) => s.role === 'replica').map((s) => s.name);
  const primary = fleet.servers.find((s) => s.role === 'primary');
  const replicasDone = replicas.every((name) => {
    const t = byName.get(name);
    return t !== undefined && targetOutcome(t, AFTER, options, now) === 'succeeded';
  });
  return { kind: 'approved', names: primary && replicasDone ? [...replicas, primary.name] : replicas };
}

/** The servers whose wanted version differs from what orc applied on them, in plan order (pure). */
export function fleetActions(fleet: FleetRollout, wanted: readonly WantedTarget[]): FleetAction[] {
  const want = new Map(wanted.map((w) => [w.name, w.version]));
  const actions: FleetAction[] = [];
  for (const s of fleet.servers) {
    const v = want.get(s.name);
    if (v === undefined || v === s.applied) continue;
    if (v === AFTER) actions.push({ server: s.name, kind: 'apply' });
    else if (v === BEFORE) actions.push({ server: s.name, kind: 'restore' });
  }
  return actions;
}
