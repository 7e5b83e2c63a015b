import type { RolloutTarget } from './rollout-target.js';

/** A target as the orchestrate call answers it (the shape it was reported in): version is the version it should run. */
export interface WantedTarget {
  readonly name: string;
  readonly group: string;
  readonly version: string;
  readonly isError: boolean;
  readonly message: string;
}

/** The wanted version of every target, in order; with group, only that group's targets (the reference's group filter). */
export function wantedVersions(targets: readonly RolloutTarget[], group?: string): WantedTarget[] {
  const out: WantedTarget[] = [];
  for (const t of targets) {
    if (group !== undefined && t.group !== group) continue;
    out.push({ name: t.name, group: t.group, version: t.wantedVersion, isError: t.isError, message: t.message });
  }
  return out;
}
