import { InputError } from '../errors.js';
import type { RolloutTarget } from './rollout-target.js';

function sortedByName(targets: readonly RolloutTarget[]): boolean {
  for (let i = 1; i < targets.length; i++) if (!(targets[i - 1]!.name < targets[i]!.name)) return false;
  return true;
}

/**
 * The targets of one step while it works on them (a private, mutable copy: the stored array is never touched):
 * positions, a name index built only when a name must be looked up out of order, and which targets changed.
 * Stored names must be unique (checked in one pass when they come sorted, as the stores list them).
 */
export class TargetSet {
  readonly targets: RolloutTarget[];
  readonly dirty: boolean[];
  #index: Map<string, number> | null = null;

  constructor(stored: readonly RolloutTarget[]) {
    this.targets = stored.slice();
    this.dirty = new Array<boolean>(stored.length).fill(false);
    if (!sortedByName(stored) && this.index().size !== stored.length) throw new InputError('stored targets name a target twice', { field: 'targets' });
  }

  get size(): number {
    return this.targets.length;
  }

  /** The position of a target, or undefined when there is none of that name. */
  positionOf(name: string): number | undefined {
    return this.index().get(name);
  }

  /** Replaces the target at i, marking it changed. */
  put(i: number, target: RolloutTarget): void {
    this.targets[i] = target;
    this.dirty[i] = true;
  }

  /** Adds a new target at the end, marked changed; returns its position. */
  append(target: RolloutTarget): number {
    const i = this.targets.length;
    this.targets.push(target);
    this.dirty.push(true);
    this.#index?.set(target.name, i);
    return i;
  }

  /** Removes the named targets (positions shift: the index is rebuilt on next use). */
  remove(names: ReadonlySet<string>): void {
    let kept = 0;
    for (let i = 0; i < this.targets.length; i++) {
      const t = this.targets[i]!;
      if (names.has(t.name)) continue;
      this.targets[kept] = t;
      this.dirty[kept] = this.dirty[i]!;
      kept += 1;
    }
    this.targets.length = kept;
    this.dirty.length = kept;
    this.#index = null;
  }

  /** Every target created or changed. */
  changed(): RolloutTarget[] {
    const out: RolloutTarget[] = [];
    for (let i = 0; i < this.targets.length; i++) if (this.dirty[i]) out.push(this.targets[i]!);
    return out;
  }

  private index(): Map<string, number> {
    if (this.#index === null) {
      const index = new Map<string, number>();
      for (let i = 0; i < this.targets.length; i++) index.set(this.targets[i]!.name, i);
      this.#index = index;
    }
    return this.#index;
  }
}
