import { InputError } from '../../errors.js';

/** One MariaDB GTID: replication domain, originating server_id and sequence number. */
export interface MariadbGtid {
  readonly domainId: number;
  readonly serverId: number;
  readonly seqNo: bigint;
}

/**
 * A MariaDB GTID position (@@gtid_binlog_pos, @@gtid_current_pos, @@gtid_slave_pos): at most one GTID per domain,
 * sorted by domain id.
 */
export type MariadbPosition = readonly MariadbGtid[];

const UINT32_MAX = 4294967295n;
const UINT64_MAX = 18446744073709551615n;
const GTID_RE = /^(\d+)-(\d+)-(\d+)$/;

/**
 * Parses a comma-separated list of DOMAIN-SERVER-SEQ GTIDs as the server prints it (whitespace around tokens ignored), allowing
 * several GTIDs per domain (the shape of @@gtid_binlog_state); throws InputError naming the bad token.
 */
export function parseMariadbGtidList(text: string): MariadbGtid[] {
  if (text.trim() === '') return [];
  return text.split(',').map((token) => parseOne(token.trim(), text));
}

/** Parses a GTID position (one GTID per domain); a repeated domain is an InputError naming the token. */
export function parseMariadbPosition(text: string): MariadbPosition {
  const seen = new Set<number>();
  const gtids = parseMariadbGtidList(text);
  for (const gtid of gtids) {
    if (seen.has(gtid.domainId)) {
      throw new InputError(
        `malformed MariaDB GTID position "${text}": domain ${gtid.domainId} appears twice (token "${formatMariadbGtid(gtid)}")`,
        { input: text, token: formatMariadbGtid(gtid) },
      );
    }
    seen.add(gtid.domainId);
  }
  return Object.freeze([...gtids].sort((a, b) => a.domainId - b.domainId));
}

/** Formats one GTID as DOMAIN-SERVER-SEQ. */
export function formatMariadbGtid(gtid: MariadbGtid): string {
  return `${gtid.domainId}-${gtid.serverId}-${gtid.seqNo}`;
}

/** Formats a position as the server does: GTIDs joined by commas, ordered by domain. */
export function formatMariadbPosition(position: readonly MariadbGtid[]): string {
  return [...position].sort((a, b) => a.domainId - b.domainId).map(formatMariadbGtid).join(',');
}

/** How one domain of position `a` relates to the same domain of position `b`. */
export type MariadbDomainRelation = 'equal' | 'ahead' | 'behind' | 'conflict';

/** One domain's comparison: the GTIDs on each side (null when a side lacks the domain) and their relation. */
export interface MariadbDomainComparison {
  readonly domainId: number;
  readonly a: MariadbGtid | null;
  readonly b: MariadbGtid | null;
  readonly relation: MariadbDomainRelation;
}

/**
 * Compares two positions domain by domain. Within a domain sequence numbers order transactions (strict mode keeps
 * them increasing), so the higher seq_no is ahead and a missing domain counts as seq_no 0; the same seq_no from
 * different server_ids is a conflict (two different transactions took the same place in the domain's history).
 */
export function compareMariadbDomains(a: MariadbPosition, b: MariadbPosition): MariadbDomainComparison[] {
  const byDomainA = new Map(a.map((g) => [g.domainId, g]));
  const byDomainB = new Map(b.map((g) => [g.domainId, g]));
  const domains = [...new Set([...byDomainA.keys(), ...byDomainB.keys()])].sort((x, y) => x - y);
  return domains.map((domainId) => {
    const ga = byDomainA.get(domainId) ?? null;
    const gb = byDomainB.get(domainId) ?? null;
    return { domainId, a: ga, b: gb, relation: relate(ga, gb) };
  });
}

function relate(a: MariadbGtid | null, b: MariadbGtid | null): MariadbDomainRelation {
  const seqA = a?.seqNo ?? 0n;
  const seqB = b?.seqNo ?? 0n;
  if (seqA > seqB) return 'ahead';
  if (seqA < seqB) return 'behind';
  if (a && b && a.serverId !== b.serverId) return 'conflict';
  return 'equal';
}

function parseOne(token: string, input: string): MariadbGtid {
  const match = GTID_RE.exec(token);
  if (!match) {
    throw new InputError(`malformed MariaDB GTID "${input}": bad token "${token}" (expected DOMAIN-SERVER-SEQ)`, {
      input,
      token,
    });
  }
  const [domainText, serverText, seqText] = [match[1]!, match[2]!, match[3]!];
  const domain = BigInt(domainText);
  const server = BigInt(serverText);
  const seqNo = BigInt(seqText);
  if (domain > UINT32_MAX || server > UINT32_MAX || seqNo > UINT64_MAX) {
    throw new InputError(`malformed MariaDB GTID "${input}": bad token "${token}" (a number is out of range)`, {
      input,
      token,
    });
  }
  return Object.freeze({ domainId: Number(domain), serverId: Number(server), seqNo });
}
