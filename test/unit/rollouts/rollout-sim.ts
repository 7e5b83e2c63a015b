import { orchestrate, type OrchestrateOptions, type OrchestrateResult } from '../../../core/rollouts/orchestrate.js';
import { newRollout, type Rollout } from '../../../core/rollouts/rollout.js';
import { applyRolloutControl, type RolloutControl } from '../../../core/rollouts/rollout-control.js';
import type { RolloutEvent } from '../../../core/rollouts/rollout-event.js';
import { DEFAULT_ROLLOUT_OPTIONS, type RolloutOptions } from '../../../core/rollouts/rollout-options.js';
import type { RolloutTarget, TargetReport } from '../../../core/rollouts/rollout-target.js';

export const T0 = 1_800_000_000_000;

/** The reference's setup options: everything moves at once and is good at once. */
export const AT_ONCE: Partial<RolloutOptions> = { batchPercent: 100, successPercent: 0, successTimeoutSecs: 0, durationTimeoutSecs: 0 };

/** Names target0..target{n-1}. */
export function names(n: number, prefix = 'target'): string[] {
  return Array.from({ length: n }, (_, i) => `${prefix}${i}`);
}

/**
 * A rollout kept in memory between calls of the pure step, the way the engine keeps it in the store, with a
 * clock the test moves by hand and every event collected.
 */
export class RolloutSim {
  rollout: Rollout;
  targets: RolloutTarget[] = [];
  now = T0;
  readonly events: RolloutEvent[] = [];
  last: OrchestrateResult | undefined;

  constructor(namespace = 'test', entity = 'entity') {
    this.rollout = newRollout({ namespace, entity }, T0);
  }

  /** Moves the clock on. */
  tick(secs: number): this {
    this.now += secs * 1000;
    return this;
  }

  /** Applies an operator control, as the engine would. */
  control(control: RolloutControl): this {
    const change = applyRolloutControl(this.rollout, control, this.now);
    this.rollout = change.rollout;
    this.events.push(...change.events);
    return this;
  }

  options(options: Partial<RolloutOptions>): this {
    return this.control({ kind: 'options', options });
  }

  version(version: string): this {
    return this.control({ kind: 'version', version });
  }

  /** One orchestration call with these reports; the result becomes the stored state. */
  step(reports: readonly TargetReport[], options?: OrchestrateOptions): OrchestrateResult {
    const result = orchestrate({ rollout: this.rollout, targets: this.targets, reports, ...(options ? { options } : {}), now: this.now });
    this.rollout = result.rollout;
    this.targets = [...result.targets];
    this.events.push(...result.events);
    this.last = result;
    return result;
  }

  /** Every target reports the version it was told last (the controller converged), errors as given. */
  converge(options?: OrchestrateOptions, errors: Record<string, boolean> = {}): OrchestrateResult {
    return this.step(this.reportsAsTold(errors), options);
  }

  /** The reports of targets that run what they were told, with the error flags given. */
  reportsAsTold(errors: Record<string, boolean> = {}): TargetReport[] {
    return this.targets.map((t) => ({ name: t.name, group: t.group, version: t.wantedVersion, isError: errors[t.name] ?? false }));
  }

  /** name -> wanted version. */
  wanted(): Record<string, string> {
    return Object.fromEntries(this.targets.map((t) => [t.name, t.wantedVersion]));
  }

  /** How many targets are told version. */
  told(version: string): number {
    return this.targets.filter((t) => t.wantedVersion === version).length;
  }

  /** The kinds of the events collected since the given count. */
  kinds(from = 0): string[] {
    return this.events.slice(from).map((e) => e.kind);
  }
}

/** Reports of the named targets, all on version. */
export function reportsOn(targets: readonly string[], version: string, fields: Partial<TargetReport> = {}): TargetReport[] {
  return targets.map((name) => ({ name, version, ...fields }));
}

/**
 * The reference's setup: targets reporting v1 establish v1 as good (everything at once), then the default options
 * with the ones given (a 0 s success timeout unless told) and target version v2.
 */
export function establishedOnV1(n: number, options: Partial<RolloutOptions> = { successTimeoutSecs: 0 }, sim = new RolloutSim()): RolloutSim {
  sim.options(AT_ONCE).version('v1');
  sim.step(reportsOn(names(n), 'v1'));
  sim.tick(1);
  sim.step(reportsOn(names(n), 'v1'));
  sim.tick(1);
  sim.options({ ...DEFAULT_ROLLOUT_OPTIONS, ...options }).version('v2');
  return sim;
}
