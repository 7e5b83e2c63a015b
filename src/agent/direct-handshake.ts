import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The direct (plain TCP) copy path between two agents without TLS: the source connects to the target's one-shot
 * receiver, sends the ticket as one fixed-length line and nothing more; the target answers OK_LINE once mbstream
 * reads the socket, then mariabackup writes the xbstream into it; after mbstream exited the target writes one
 * result line ("DONE ok" or "DONE error <message>").
 */
export const DirectHandshake = {
  /** Random bytes in a ticket (sent hex-encoded). */
  ticketBytes: 32,
  /** The ticket line's length: the hex ticket and a newline. */
  ticketLineLength: 32 * 2 + 1,
  okLine: 'OK\n',
  donePrefix: 'DONE ',
  /** The longest result line the source reads. */
  maxLineLength: 4096,
} as const;

/** A new single-use ticket: 32 random bytes, hex. */
export function newTicket(): string {
  return randomBytes(DirectHandshake.ticketBytes).toString('hex');
}

/** Whether a presented ticket line carries the expected ticket, compared timing-safe (as sha256 digests). */
export function ticketLineMatches(line: Buffer, ticket: string): boolean {
  const digest = (b: Buffer): Buffer => createHash('sha256').update(b).digest();
  const matches = timingSafeEqual(digest(line), digest(Buffer.from(`${ticket}\n`, 'latin1')));
  return matches && line.length === DirectHandshake.ticketLineLength;
}

/** The target's result line: "DONE ok <bytes received>" or "DONE error <message on one line>". */
export function doneLine(outcome: { readonly error: string } | { readonly bytes: number }): string {
  const text = 'error' in outcome ? `error ${outcome.error.replace(/[\r\n]+/g, ' ').slice(0, DirectHandshake.maxLineLength - 20)}` : `ok ${outcome.bytes}`;
  return `${DirectHandshake.donePrefix}${text}\n`;
}

/** What a result line reports: the bytes the target received, or the error ("DONE error ...", or anything unexpected). */
export function parseDoneLine(line: string): { readonly error: string } | { readonly bytes: number } {
  const ok = /^DONE ok (\d+)$/.exec(line);
  if (ok) return { bytes: Number(ok[1]) };
  if (line.startsWith('DONE error ')) return { error: line.slice('DONE error '.length) };
  return { error: `the target answered something unexpected: ${JSON.stringify(line.slice(0, 80))}` };
}
