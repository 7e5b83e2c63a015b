import { InputError, NotFoundError, RefusedError } from '../errors.js';
import type { Clock } from '../ports/clock.js';
import type { LeaseToken } from '../ports/leader-lease.js';
import type { LoadedRollout, RolloutStore } from '../ports/rollout-store.js';
import { orchestrate, type OrchestrateOptions, type OrchestrateResult } from './orchestrate.js';
import { planRollout, type RolloutPlan } from './plan-rollout.js';
import { newRollout, type Rollout } from './rollout.js';
import type { RolloutChange } from './rollout-change.js';
import { applyRolloutControl, controlCreatesRollout, type RolloutControl } from './rollout-control.js';
import { checkRolloutKey, formatRolloutKey, type RolloutKey } from './rollout-key.js';
import type { RolloutTarget, TargetReport } from './rollout-target.js';
import { wantedVersions, type WantedTarget } from './wanted-versions.js';

/** How often a step is computed again from a fresh read after another writer moved the rollout first. */
export const ROLLOUT_WRITE_ATTEMPTS = 5;

/** Most rollouts whose targets one engine keeps between calls (the least recently used is forgotten first). */
export const CACHED_ROLLOUTS = 32;

function sortedByName(targets: readonly RolloutTarget[]): boolean {
  for (let i = 1; i < targets.length; i++) if (!(targets[i - 1]!.name < targets[i]!.name)) return false;
  return true;
}

/** Targets in the stores' order (by name; UTF-16 order, the stores' byte order for every name short of the astral planes). */
function inStoreOrder(targets: readonly RolloutTarget[]): readonly RolloutTarget[] {
  return sortedByName(targets) ? targets : [...targets].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function cacheId(key: RolloutKey): string {
  return JSON.stringify([key.namespace, key.entity]);
}

/** What the engine runs against: a RolloutStore (an OrcStore is one) and the clock `now` comes from. */
export interface RolloutEngineDeps {
  readonly store: RolloutStore;
  readonly clock: Pick<Clock, 'now'>;
}

/** One orchestration call's options: selection and checks (as data), a dry run (nothing written), and the leader's fencing token. */
export interface OrchestrateRequest extends OrchestrateOptions {
  readonly dryRun?: boolean;
  readonly lease?: LeaseToken;
}

/** What one orchestration call decided and whether it was written. */
export interface OrchestrateOutcome
  extends Pick<OrchestrateResult, 'rollout' | 'targets' | 'events' | 'effectiveVersion' | 'rollback' | 'thresholds' | 'selectionError'> {
  /** The wanted version of every target, in the reported shape: what the controller acts on. */
  readonly wanted: readonly WantedTarget[];
  readonly dryRun: boolean;
  /** True when this call wrote the store (never on a dry run, nor when nothing changed). */
  readonly persisted: boolean;
}

/** What an operator control did and whether it was written. */
export interface ControlOutcome extends RolloutChange {
  readonly persisted: boolean;
}

function outcome(result: OrchestrateResult, dryRun: boolean, persisted: boolean): OrchestrateOutcome {
  return {
    rollout: result.rollout,
    targets: result.targets,
    wanted: wantedVersions(result.targets),
    events: result.events,
    effectiveVersion: result.effectiveVersion,
    rollback: result.rollback,
    thresholds: result.thresholds,
    selectionError: result.selectionError,
    dryRun,
    persisted,
  };
}

function conflict(key: RolloutKey): RefusedError {
  return new RefusedError('orc_refused', `rollout ${formatRolloutKey(key)} kept changing under this step (${ROLLOUT_WRITE_ATTEMPTS} tries): another orc steps it; try again`, {
    rollout: formatRolloutKey(key),
  });
}

/** The rollout of key, or orc_unknown_rollout. */
function unknown(key: RolloutKey): NotFoundError {
  return new NotFoundError('orc_unknown_rollout', `unknown rollout ${formatRolloutKey(key)}: set its version first`, { rollout: formatRolloutKey(key) });
}

/**
 * The rollout engine: loads a rollout, runs the pure step or an operator control on it, and writes the result by
 * compare-and-set (computed again from a fresh read when another orc wrote first). Thin I/O around the pure core;
 * used by the HTTP routes and by orc's fleet controller. It keeps the targets it last read or wrote and reads them
 * again only when the stored revision moved (one row read instead of every target): keep one engine per process.
 */
export class RolloutEngine {
  readonly #store: RolloutStore;
  readonly #clock: Pick<Clock, 'now'>;
  readonly #cache = new Map<string, { readonly rollout: Rollout; readonly targets: readonly RolloutTarget[] }>();

  constructor(deps: RolloutEngineDeps) {
    this.#store = deps.store;
    this.#clock = deps.clock;
  }

  /**
   * One orchestration call: the reports of the entity's targets in, the wanted version of every target out. An
   * unknown rollout is orc_unknown_rollout, one without a target version orc_refused; a dry run writes nothing.
   */
  async orchestrate(key: RolloutKey, reports: readonly TargetReport[], request: OrchestrateRequest = {}): Promise<OrchestrateOutcome> {
    checkRolloutKey(key);
    if (request.dryRun !== undefined && typeof request.dryRun !== 'boolean') throw new InputError('dryRun must be true or false', { field: 'dryRun' });
    const dryRun = request.dryRun ?? false;
    const options: OrchestrateOptions = { ...(request.selection ? { selection: request.selection } : {}), ...(request.checks ? { checks: request.checks } : {}) };
    for (let attempt = 1; attempt <= ROLLOUT_WRITE_ATTEMPTS; attempt++) {
      const loaded = await this.#load(key);
      if (!loaded.rollout) throw unknown(key);
      const result = orchestrate({ rollout: loaded.rollout, targets: loaded.targets, reports, options, now: this.#clock.now() });
      if (dryRun || !result.changed) return outcome(result, dryRun, false);
      const revision = loaded.rollout.revision;
      const rollout = { ...result.rollout, revision: revision + 1 };
      const saved = await this.#forgetOnFailure(key, this.#store.saveRollout({ rollout, expectedRevision: revision, upserts: result.upserts, removals: result.removals }, request.lease));
      if (saved) {
        this.#remember(key, rollout, inStoreOrder(result.targets));
        return outcome({ ...result, rollout }, false, true);
      }
      this.#cache.delete(cacheId(key));
    }
    throw conflict(key);
  }

  /** Applies an operator control (version and options create the rollout; the others need one stored) and writes it by compare-and-set. */
  async control(key: RolloutKey, control: RolloutControl, lease?: LeaseToken): Promise<ControlOutcome> {
    checkRolloutKey(key);
    for (let attempt = 1; attempt <= ROLLOUT_WRITE_ATTEMPTS; attempt++) {
      const stored = await this.#store.getRollout(key);
      if (!stored && !controlCreatesRollout(control)) throw unknown(key);
      const now = this.#clock.now();
      const current = stored ?? newRollout(key, now);
      const change = applyRolloutControl(current, control, now);
      if (change.rollout === current && stored) return { ...change, persisted: false };
      const rollout = { ...change.rollout, revision: current.revision + 1 };
      if (await this.#forgetOnFailure(key, this.#store.saveRollout({ rollout, expectedRevision: current.revision, upserts: [], removals: [] }, lease))) {
        const cached = this.#cache.get(cacheId(key));
        if (cached && cached.rollout.revision === current.revision) this.#remember(key, rollout, cached.targets);
        return { rollout, events: change.events, persisted: true };
      }
    }
    throw conflict(key);
  }

  /**
   * Stores a new rollout with its targets as given (orc's fleet controller starts from a known good version this
   * way); refused (orc_refused) when one of that key exists already.
   */
  async create(rollout: Rollout, targets: readonly RolloutTarget[], lease?: LeaseToken): Promise<Rollout> {
    const key = checkRolloutKey({ namespace: rollout.namespace, entity: rollout.entity });
    const stored = { ...rollout, revision: 1 };
    if (!(await this.#forgetOnFailure(key, this.#store.saveRollout({ rollout: stored, expectedRevision: 0, upserts: targets, removals: [] }, lease)))) {
      throw new RefusedError('orc_refused', `rollout ${formatRolloutKey(key)} exists already`, { rollout: formatRolloutKey(key) });
    }
    return stored;
  }

  /** The stored rollout of key, or orc_unknown_rollout. */
  async get(key: RolloutKey): Promise<Rollout> {
    const rollout = await this.#store.getRollout(checkRolloutKey(key));
    if (!rollout) throw unknown(key);
    return rollout;
  }

  /** Every rollout, or one namespace's (namespaces never see each other). */
  list(namespace?: string): Promise<Rollout[]> {
    return this.#store.listRollouts(namespace === undefined ? {} : { namespace });
  }

  /** The stored targets of a known rollout by name, one group's when asked (the reference's group filter). */
  async targets(key: RolloutKey, group?: string): Promise<RolloutTarget[]> {
    await this.get(key);
    return this.#store.listRolloutTargets(key, group === undefined ? {} : { group });
  }

  /** The dry-run plan of the batches still to come from the stored state; approved names (in priority order) limit it. */
  async plan(key: RolloutKey, approved?: readonly string[]): Promise<RolloutPlan> {
    checkRolloutKey(key);
    const loaded = await this.#load(key);
    if (!loaded.rollout) throw unknown(key);
    return planRollout({ rollout: loaded.rollout, targets: loaded.targets, ...(approved ? { approved } : {}), now: this.#clock.now() });
  }

  /** The rollout and its targets: the kept targets while the stored revision is still theirs, else a full read. */
  async #load(key: RolloutKey): Promise<LoadedRollout> {
    const cached = this.#cache.get(cacheId(key));
    if (cached) {
      const head = await this.#store.getRollout(key);
      if (head && head.revision === cached.rollout.revision) return { rollout: head, targets: cached.targets };
    }
    const loaded = await this.#store.loadRollout(key);
    if (loaded.rollout) this.#remember(key, loaded.rollout, loaded.targets);
    else this.#cache.delete(cacheId(key));
    return loaded;
  }

  #remember(key: RolloutKey, rollout: Rollout, targets: readonly RolloutTarget[]): void {
    const id = cacheId(key);
    this.#cache.delete(id);
    this.#cache.set(id, { rollout, targets });
    if (this.#cache.size > CACHED_ROLLOUTS) this.#cache.delete(this.#cache.keys().next().value!);
  }

  /** A write whose outcome is unknown (it threw) leaves nothing kept of that rollout. */
  async #forgetOnFailure(key: RolloutKey, write: Promise<boolean>): Promise<boolean> {
    try {
      return await write;
    } catch (err) {
      this.#cache.delete(cacheId(key));
      throw err;
    }
  }
}
