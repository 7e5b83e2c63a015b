import type { RelocateResult } from '../../../core/commands/relocate.js';
import { formatInstanceKey } from '../../../core/model/instance-key.js';

/** A relocation as JSON-safe data. */
export function relocateJson(r: RelocateResult): Record<string, unknown> {
  return { instance: formatInstanceKey(r.instance), from: r.from ? formatInstanceKey(r.from) : null, to: formatInstanceKey(r.to), position: r.position };
}

/** One line saying where a replica replicates from now. */
export function relocateLine(r: RelocateResult): string {
  const from = r.from ? formatInstanceKey(r.from) : '-';
  const moved = r.from && formatInstanceKey(r.from) === formatInstanceKey(r.to) ? `re-pointed to ${from}` : `moved from ${from} to ${formatInstanceKey(r.to)}`;
  return `${formatInstanceKey(r.instance)} ${moved} at ${r.position || '(empty GTID position)'}`;
}
