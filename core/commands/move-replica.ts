import { RefusedError } from '../errors.js';
import type { Flavor } from '../model/instance.js';
import { compareGtid } from '../model/gtid/gtid-comparison.js';
import { formatInstanceKey, type InstanceKey } from '../model/instance-key.js';
import type { ReplicationControl } from '../ports/replication-control.js';

/** How long a lagging new source may take to reach the moved replica's position. */
export const SOURCE_CATCH_UP_MS = 5_000;

/** Where a moved replica stood when it switched sources. */
export interface MovedReplica {
  readonly position: string;
}

/**
 * Moves a replica under a new source by GTID: stops it (its position freezes), makes sure the new source holds
 * everything it executed (waiting up to SOURCE_CATCH_UP_MS for a lagging one), then changes the source and starts
 * it. A source that does not catch up is refused after replication is started again, so nothing changed.
 */
export async function moveReplica(
  control: ReplicationControl,
  flavor: Flavor,
  replica: InstanceKey,
  source: InstanceKey,
  signal?: AbortSignal,
): Promise<MovedReplica> {
  await control.stopReplica(replica, signal);
  try {
    const position = await control.executedGtid(replica, signal);
    let sourcePosition = await control.executedGtid(source, signal);
    let relation = compareGtid(flavor, position, sourcePosition);
    if (relation === 'ahead' && (await control.waitForGtid(source, position, SOURCE_CATCH_UP_MS, signal))) {
      sourcePosition = await control.executedGtid(source, signal);
      relation = compareGtid(flavor, position, sourcePosition);
    }
    if (relation !== 'equal' && relation !== 'behind') {
      throw new RefusedError(
        'orc_refused',
        `${formatInstanceKey(replica)} (at ${position || '(nothing)'}) is ${relation === 'ahead' ? 'still ahead of' : `${relation} from`} ${formatInstanceKey(source)} (at ${sourcePosition || '(nothing)'}): not moved`,
        { instance: formatInstanceKey(replica), source: formatInstanceKey(source) },
      );
    }
    await control.changeSource(replica, { source, gtidStart: 'auto' }, signal);
    await control.startReplica(replica, signal);
    return { position };
  } catch (err) {
    // Whatever failed before the new source was set, the replica goes back to replicating from its old one.
    await control.startReplica(replica, signal).catch(() => undefined);
    throw err;
  }
}
