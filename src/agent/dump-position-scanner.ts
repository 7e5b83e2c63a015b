import type { SeedMetadata } from '../../core/ports/agent-client.js';

// The lines worth looking at are short; a longer line (a multi-row INSERT) is skipped without being kept.
const MAX_INTERESTING_LINE = 4096;
const GTID_LINE = /^SET GLOBAL gtid_slave_pos\s*=\s*'([0-9,-]*)'\s*;/;
const BINLOG_LINE = /^(?:-- )?CHANGE MASTER TO MASTER_LOG_FILE='([^']+)',\s*MASTER_LOG_POS=(\d+)\s*;/;

/**
 * Finds where a mariadb-dump (--gtid --master-data) stands in the source's history while the dump streams by:
 * its `SET GLOBAL gtid_slave_pos='...'` and its `CHANGE MASTER TO MASTER_LOG_FILE=..., MASTER_LOG_POS=...`
 * lines, in chunks cut anywhere. Only short lines are buffered, so memory stays bounded whatever the dump holds.
 */
export class DumpPositionScanner {
  private carry = '';
  private skipping = false;
  private gtid: string | null = null;
  private binlogFile: string | null = null;
  private binlogPos: number | null = null;

  /** Scans the next chunk of the dump (bytes as they come: the interesting lines are ASCII). */
  feed(chunk: Buffer | string): void {
    const text = typeof chunk === 'string' ? chunk : chunk.toString('latin1');
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl < 0) break;
      if (!this.skipping) this.line(this.carry + text.slice(start, nl));
      this.carry = '';
      this.skipping = false;
      start = nl + 1;
    }
    if (this.skipping) return;
    this.carry += text.slice(start);
    if (this.carry.length > MAX_INTERESTING_LINE) {
      this.carry = '';
      this.skipping = true;
    }
  }

  /** Scans a last line the dump did not end with a line break. */
  end(): void {
    if (!this.skipping && this.carry !== '') this.line(this.carry);
    this.carry = '';
  }

  /** The position found so far: null until the GTID line went by. */
  position(): SeedMetadata | null {
    return this.gtid === null ? null : { gtid: this.gtid, binlogFile: this.binlogFile, binlogPos: this.binlogPos };
  }

  private line(text: string): void {
    if (text.length > MAX_INTERESTING_LINE) return;
    const g = GTID_LINE.exec(text);
    if (g) this.gtid = g[1]!;
    const b = BINLOG_LINE.exec(text);
    if (b) {
      this.binlogFile = b[1]!;
      this.binlogPos = Number(b[2]);
    }
  }
}
