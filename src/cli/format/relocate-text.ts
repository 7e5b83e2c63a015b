import type { RelocateResult } from '../../../core/commands/relocate.js';
import { formatInstanceKey } from '../../../core/model/instance-key.js';

/** A relocation as `--json` and the API show it. */
export type RelocateJson = ReturnType<typeof relocateJson>;

/** A relocation as JSON-safe data. */
export function relocateJson(r: RelocateResult) {
  return { instance: formatInstanceKey(r.instance), from: r.from ? formatInstanceKey(r.from) : null, to: formatInstanceKey(r.to), position: r.position };
}

/** One line saying where a replica replicates from now. */
export function relocateLine(r: RelocateJson): string {
  const from = r.from ?? '-';
  const moved = r.from === r.to ? `re-pointed to ${from}` : `moved from ${from} to ${r.to}`;
  return `${r.instance} ${moved} at ${r.position || '(empty GTID position)'}`;
}
