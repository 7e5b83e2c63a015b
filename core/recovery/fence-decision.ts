import { errantOf } from '../analysis/gtid-view.js';
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
 * as a replica of the successor only when everything it executed (MariaDB gtid_current_pos, per domain) is on the
 * successor and none of its own writes is missing from the successor's binlog, else report it diverged. Its
 * replication positions play no part: an old primary has nothing of its own to fetch.
 */
export function decideFence(old: InstanceFacts, successor: InstanceFacts | null): FenceDecision {
  if (!old.readOnly) return { action: 'set-read-only' };
  if (!successor) return { action: 'wait', reason: 'the successor is not reachable now' };
  if (old.flavor !== successor.flavor) return { action: 'diverged', reason: `flavor ${old.flavor} cannot follow ${successor.flavor}` };
  let contained: boolean;
  try {
    contained = gtidContains(old.flavor, successor.gtid.executed, old.gtid.executed);
  } catch (err) {
    return { action: 'diverged', reason: `GTID state cannot be compared: ${(err as Error).message}` };
  }
  if (!contained) {
    return {
      action: 'diverged',
      reason: `it executed ${old.gtid.executed}, not all on the new primary (${successor.gtid.executed}): re-seed it`,
    };
  }
  const errant = errantOf(old, successor);
  if (errant !== '') {
    return { action: 'diverged', reason: `its own writes ${errant} are not on the new primary (${successor.gtid.executed}): re-seed it` };
  }
  return { action: 'rejoin' };
}
