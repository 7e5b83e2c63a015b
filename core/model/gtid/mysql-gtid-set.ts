import { InputError } from '../../errors.js';
import {
  countIntervals,
  formatIntervals,
  normalizeIntervals,
  subtractIntervals,
  type GtidInterval,
} from './gtid-intervals.js';

/**
 * A MySQL GTID set, normalized: keys are lower-case source ids ("uuid", or "uuid:tag" for MySQL 8.3+ tagged GTIDs),
 * values are sorted, merged, non-empty interval lists.
 */
export type MysqlGtidSet = ReadonlyMap<string, readonly GtidInterval[]>;

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INTERVAL_RE = /^(\d+)(?:-(\d+))?$/;
const TAG_RE = /^[a-z_][a-z0-9_]{0,31}$/i;
const GNO_MAX = 9223372036854775807n;

/**
 * Parses a GTID set as servers print it ("uuid:1-5:7-9,\nuuid2:1-3", tags allowed: "uuid:1-5:tag:1-3"); whitespace
 * and newlines around uuid entries are ignored, intervals are merged. Throws InputError naming the bad token.
 */
export function parseMysqlGtidSet(text: string): MysqlGtidSet {
  const collected = new Map<string, GtidInterval[]>();
  if (text.trim() === '') return new Map();
  for (const rawSegment of text.split(',')) {
    const segment = rawSegment.trim();
    const parts = segment.split(':');
    const uuid = parts[0] ?? '';
    if (!UUID_RE.test(uuid)) throw bad(text, uuid === '' ? segment : uuid, 'expected a server UUID');
    if (parts.length < 2) throw bad(text, segment, 'expected UUID:INTERVAL');
    let key = uuid.toLowerCase();
    let pendingTag: string | null = null;
    for (const part of parts.slice(1)) {
      const interval = INTERVAL_RE.exec(part);
      if (interval) {
        const start = BigInt(interval[1]!);
        const end = interval[2] === undefined ? start : BigInt(interval[2]);
        if (start < 1n || end < start || end > GNO_MAX) throw bad(text, part, 'expected an interval N or N-M with 1 <= N <= M < 2^63');
        const list = collected.get(key) ?? [];
        list.push({ start, end });
        collected.set(key, list);
        pendingTag = null;
      } else if (TAG_RE.test(part)) {
        if (pendingTag !== null) throw bad(text, pendingTag, 'a tag must be followed by an interval');
        pendingTag = part;
        key = `${uuid.toLowerCase()}:${part.toLowerCase()}`;
      } else {
        throw bad(text, part, 'expected an interval or a tag');
      }
    }
    if (pendingTag !== null) throw bad(text, pendingTag, 'a tag must be followed by an interval');
  }
  return freezeSet(collected);
}

/** Formats a set canonically: source ids sorted, untagged intervals before tagged ones, uuids joined by ",". */
export function formatMysqlGtidSet(set: MysqlGtidSet): string {
  const byUuid = new Map<string, string[]>();
  for (const key of [...set.keys()].sort(compareKeys)) {
    const intervals = set.get(key)!;
    if (intervals.length === 0) continue;
    const [uuid, tag] = key.split(':') as [string, string | undefined];
    const parts = byUuid.get(uuid) ?? [];
    parts.push(tag === undefined ? formatIntervals(intervals) : `${tag}:${formatIntervals(intervals)}`);
    byUuid.set(uuid, parts);
  }
  return [...byUuid.entries()].map(([uuid, parts]) => `${uuid}:${parts.join(':')}`).join(',');
}

/** Parses and re-formats a set: the canonical text two equal sets share. */
export function normalizeMysqlGtidSet(text: string): string {
  return formatMysqlGtidSet(parseMysqlGtidSet(text));
}

/** Every transaction in either set. */
export function unionMysqlGtidSets(a: MysqlGtidSet, b: MysqlGtidSet): MysqlGtidSet {
  const out = new Map<string, GtidInterval[]>();
  for (const [key, intervals] of [...a.entries(), ...b.entries()]) out.set(key, [...(out.get(key) ?? []), ...intervals]);
  return freezeSet(out);
}

/** The transactions of `from` that `remove` lacks (GTID_SUBTRACT). */
export function subtractMysqlGtidSets(from: MysqlGtidSet, remove: MysqlGtidSet): MysqlGtidSet {
  const out = new Map<string, GtidInterval[]>();
  for (const [key, intervals] of from.entries()) {
    out.set(key, subtractIntervals(intervals, remove.get(key) ?? []));
  }
  return freezeSet(out);
}

/** True when every transaction of `subset` is in `superset` (GTID_SUBSET(subset, superset)). */
export function mysqlGtidSetContains(superset: MysqlGtidSet, subset: MysqlGtidSet): boolean {
  return subtractMysqlGtidSets(subset, superset).size === 0;
}

/** Number of transactions in the set. */
export function countMysqlGtidSet(set: MysqlGtidSet): bigint {
  let total = 0n;
  for (const intervals of set.values()) total += countIntervals(intervals);
  return total;
}

function freezeSet(collected: Map<string, GtidInterval[]>): MysqlGtidSet {
  const out = new Map<string, readonly GtidInterval[]>();
  for (const key of [...collected.keys()].sort(compareKeys)) {
    const intervals = normalizeIntervals(collected.get(key)!);
    if (intervals.length > 0) out.set(key, Object.freeze(intervals.map((i) => Object.freeze(i))));
  }
  return out;
}

function compareKeys(a: string, b: string): number {
  const [uuidA, tagA = ''] = a.split(':');
  const [uuidB, tagB = ''] = b.split(':');
  if (uuidA !== uuidB) return uuidA! < uuidB! ? -1 : 1;
  return tagA < tagB ? -1 : tagA > tagB ? 1 : 0;
}

function bad(input: string, token: string, why: string): InputError {
  return new InputError(`malformed MySQL GTID set "${input}": bad token "${token}" (${why})`, { input, token });
}
