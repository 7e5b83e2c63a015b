import { byteSize } from '../../../core/util/byte-size.js';
import type { SeedDetailJson, SeedJson } from './seed-json.js';

const HEADER = ['ID', 'METHOD', 'SOURCE', 'TARGET', 'STAGE', 'STATUS', 'RETRIES', 'COPIED', 'CREATED'];

function columns(header: readonly string[], rows: readonly string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  return [header, ...rows].map((cells) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  '));
}

function statusText(s: SeedJson): string {
  return s.abortRequested && s.status !== 'Failed' && s.status !== 'Completed' ? `${s.status} (abort requested)` : s.status;
}

/** `orc seed list` as aligned columns, newest first. */
export function seedsText(seeds: readonly SeedJson[], active: boolean): string[] {
  if (seeds.length === 0) return [active ? 'no active seed' : 'no seed yet'];
  return columns(
    HEADER,
    seeds.map((s) => [s.id, s.method, s.source, s.target, s.stage, statusText(s), String(s.retries.total), byteSize(s.bytesCopied), s.createdAt]),
  );
}

/** `orc seed show ID`: the seed's fields, then its timeline oldest first. */
export function seedDetailText(d: SeedDetailJson): string[] {
  const retried = Object.entries(d.retries).filter(([stage, n]) => stage !== 'total' && n > 0);
  const lines = [
    `seed ${d.id}: ${d.method} of ${d.target} from ${d.source}`,
    `  ${d.status} at ${d.stage}, ${byteSize(d.bytesCopied)} copied in this stage${d.abortRequested ? ', abort requested' : ''}`,
    `  retries: ${retried.length === 0 ? 'none' : retried.map(([stage, n]) => `${stage} ${n}`).join(', ')}`,
    `  created ${d.createdAt}, started ${d.startedAt ?? '-'}, ended ${d.endedAt ?? '-'}`,
  ];
  if (d.error !== null) lines.push(`  error: ${d.error}`);
  lines.push('timeline:');
  if (d.history.length === 0) lines.push('  (no history)');
  const rows = d.history.map((h) => [h.at, h.agent ?? 'orc', `${h.status}/${h.stage}`, h.details]);
  for (const line of rows.length > 0 ? columns(['AT', 'BY', 'STATE', 'DETAILS'], rows) : []) lines.push(`  ${line}`);
  return lines;
}
