import { RefusedError } from '../errors.js';
import { countMysqlGtidSet, parseMysqlGtidSet } from '../model/gtid/mysql-gtid-set.js';

/** At most this many empty transactions are injected by one `orc errant --fix`. */
export const MAX_INJECTED_TRANSACTIONS = 10_000;

/** Lists every single GTID ("uuid:n", "uuid:tag:n") of a MySQL GTID set (pure); refuses sets above max. */
export function expandGtidSet(text: string, max = MAX_INJECTED_TRANSACTIONS): string[] {
  const set = parseMysqlGtidSet(text);
  const count = countMysqlGtidSet(set);
  if (count > BigInt(max)) {
    throw new RefusedError('orc_refused', `${count} errant transactions is more than ${max} to inject: re-seed the replica instead`, { count: String(count) });
  }
  const out: string[] = [];
  for (const [sourceId, intervals] of set) {
    for (const { start, end } of intervals) for (let n = start; n <= end; n++) out.push(`${sourceId}:${n}`);
  }
  return out;
}
