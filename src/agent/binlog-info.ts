import type { SeedMetadata } from '../../core/ports/agent-client.js';

/** The binlog info files a physical backup may hold, newest name first (mariadb_backup_binlog_info from 11.1). */
export const BINLOG_INFO_FILES = ['mariadb_backup_binlog_info', 'xtrabackup_binlog_info'] as const;

/**
 * Parses a backup's binlog info file: "FILE<tab>POSITION[<tab>GTID]". The GTID is a MariaDB domain-server-seq list
 * or a MySQL GTID set, which xtrabackup may spread over several lines; it is '' when the source had written no
 * GTID yet. Null when the text is not a binlog info file.
 */
export function parseBinlogInfo(text: string): SeedMetadata | null {
  const m = /^\s*(\S+)\s+(\d+)(?:\s+([\s\S]*))?$/.exec(text);
  if (!m) return null;
  const gtid = (m[3] ?? '').replace(/\s+/g, '');
  if (gtid !== '' && !/^[0-9A-Za-z:,\-]+$/.test(gtid)) return null;
  return { gtid, binlogFile: m[1]!, binlogPos: Number(m[2]) };
}
