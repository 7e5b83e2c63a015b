import { InputError } from '../errors.js';

// A date (midnight UTC), or a date and time with a zone: a time without a zone would depend on where orc runs.
const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:\d{2}))?$/i;

/**
 * Parses an ISO 8601 date ("2030-01-31", midnight UTC) or date and time with a zone ("2030-01-31T08:00Z",
 * "2030-01-31T08:00+02:00") into epoch ms; anything else, or a day that does not exist, is an InputError naming the
 * flag and the value.
 */
export function parseInstant(text: string, flag: string): number {
  const m = ISO_INSTANT.exec(text.trim());
  const bad = (why: string) => new InputError(`${flag} "${text}": ${why}`, { flag, input: text });
  if (!m) throw bad('expected an ISO 8601 date (2030-01-31) or date and time with a zone (2030-01-31T08:00Z)');
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6]].map((v) => Number(v ?? 0)) as [number, number, number, number, number, number];
  const millis = Number((m[7] ?? '0').padEnd(3, '0'));
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth) throw bad('no such day');
  if (hour > 23 || minute > 59 || second > 59) throw bad('no such time of day');
  const zone = m[8]?.toUpperCase() ?? 'Z';
  const offsetMin = zone === 'Z' ? 0 : (zone.startsWith('-') ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
  const utc = new Date(0);
  utc.setUTCFullYear(year, month - 1, day);
  utc.setUTCHours(hour, minute, second, millis);
  return utc.getTime() - offsetMin * 60_000;
}
