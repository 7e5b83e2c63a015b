import { gtidContains } from '../model/gtid/gtid-comparison.js';
import type { InstanceFacts } from '../model/instance.js';

/** What to do with a fenced old primary that answers again. */
export type FenceDecision =
  | { readonly action: 'set-read-only' }
  | { readonly action: 'rejoin' }
  | { readonly action: 'diverged'; readonly reason: string }
  | { readonly action: 'wait'; readonly reason: string };

/**
 * Decides (pure) for a fenced server seen again: make it read-only first if it is writable; then let it rejoin
 * as a replica of the successor only when everything in its binlog is on the successor, else report it diverged.
 */
export function decideFence(old: InstanceFacts, successor: InstanceFacts | null): FenceDecision {
  if (!old.readOnly) return { action: 'set-read-only' };
  if (!successor) return { action: 'wait', reason: 'the successor is not reachable now' };
  if (old.flavor !== successor.flavor) return { action: 'diverged', reason: `flavor ${old.flavor} cannot follow ${successor.flavor}` };
  try {
    if (gtidContains(old.flavor, successor.gtid.executed, old.gtid.binlogPos)) return { action: 'rejoin' };
  } catch (err) {
    return { action: 'diverged', reason: `GTID state cannot be compared: ${(err as Error).message}` };
  }
  return {
    action: 'diverged',
    reason: `its binlog holds ${old.gtid.binlogPos}, not all on the new primary (${successor.gtid.executed}): re-seed it`,
  };
}
