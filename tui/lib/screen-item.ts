import type { Rollout } from '../../core/rollouts/rollout.js';
import type { RecoveryRecord } from '../../core/ports/recovery-store.js';
import type { Seed } from '../../core/seeds/seed.js';
import type { TopologyNode } from '../../core/model/topology-tree.js';
import { lineText, type StyledLine } from './styled-line.js';

/** What a row of a screen stands for, so Enter and the action keys know what they act on. */
export type ItemRef =
  | { readonly kind: 'cluster'; readonly name: string }
  | { readonly kind: 'server'; readonly node: TopologyNode }
  | { readonly kind: 'finding'; readonly cluster: string }
  | { readonly kind: 'recovery'; readonly record: RecoveryRecord }
  | { readonly kind: 'seed'; readonly seed: Seed }
  | { readonly kind: 'rollout'; readonly rollout: Rollout }
  | { readonly kind: 'text' };

/** One row of a screen's list: a stable key, the row as drawn, and what it stands for. */
export interface ScreenItem {
  readonly key: string;
  readonly line: StyledLine;
  readonly ref: ItemRef;
}

/** The items whose text contains the filter, case-insensitively (all of them for an empty filter). */
export function filterItems(items: readonly ScreenItem[], filter: string): readonly ScreenItem[] {
  const needle = filter.trim().toLowerCase();
  if (needle === '') return items;
  return items.filter((item) => lineText(item.line).toLowerCase().includes(needle));
}
