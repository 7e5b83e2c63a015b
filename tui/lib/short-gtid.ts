import { truncateText } from './truncate-line.js';

const UUID_SET = /^([0-9a-fA-F]{8})-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(:.*)$/;

/**
 * Shortens a GTID position for one table cell: MariaDB "0-1-1234" stays, MySQL UUIDs keep their first 8 digits,
 * and further domains or sources are counted ("0-1-1234 +2").
 */
export function shortGtid(executed: string, maxWidth = 24): string {
  const parts = executed
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  const first = parts[0];
  if (first === undefined) return '—';
  const uuid = UUID_SET.exec(first);
  const head = uuid ? `${uuid[1]}…${uuid[2]}` : first;
  const more = parts.length > 1 ? ` +${parts.length - 1}` : '';
  return truncateText(head, Math.max(1, maxWidth - more.length)) + more;
}
