import mysql from 'mysql2/promise';

/** How to reach a lab server as its admin. */
export interface AdminTarget {
  readonly port: number;
  readonly user: string;
  readonly password: string;
}

const TABLES = ['seeddata.wide', 'seeddata.narrow'] as const;

async function withAdmin<T>(target: AdminTarget, work: (conn: mysql.Connection) => Promise<T>): Promise<T> {
  const conn = await mysql.createConnection({ host: '127.0.0.1', port: target.port, user: target.user, password: target.password, multipleStatements: false });
  try {
    return await work(conn);
  } finally {
    await conn.end();
  }
}

/**
 * Fills seeddata on a primary with about `megabytes` MB of InnoDB rows (random text, so nothing compresses it away)
 * plus a small Aria table, by doubling INSERT ... SELECT; returns the bytes information_schema counts.
 */
export async function fillSeedData(target: AdminTarget, megabytes: number): Promise<number> {
  return withAdmin(target, async (conn) => {
    await conn.query('CREATE DATABASE IF NOT EXISTS seeddata');
    await conn.query('CREATE TABLE seeddata.wide (id BIGINT AUTO_INCREMENT PRIMARY KEY, pad VARBINARY(1024) NOT NULL) ENGINE=InnoDB');
    await conn.query('CREATE TABLE seeddata.narrow (id INT PRIMARY KEY, note VARCHAR(64) NOT NULL) ENGINE=Aria');
    await conn.query("INSERT INTO seeddata.narrow SELECT seq, CONCAT('row ', seq) FROM seeddata.seq_1_to_5000");
    // 1 KB of random bytes per row: 1024 rows make about 1 MB, doubled until the target size.
    await conn.query('INSERT INTO seeddata.wide (pad) SELECT RANDOM_BYTES(1024) FROM seeddata.seq_1_to_1024');
    for (let mb = 1; mb < megabytes; mb *= 2) {
      const rows = Math.min(mb, megabytes - mb) * 1024;
      await conn.query(`INSERT INTO seeddata.wide (pad) SELECT RANDOM_BYTES(1024) FROM seeddata.seq_1_to_${rows}`);
    }
    // InnoDB's sizes in information_schema come from its statistics, which lag behind bulk inserts.
    await conn.query('ANALYZE TABLE seeddata.wide, seeddata.narrow');
    const [rows] = await conn.query("SELECT SUM(data_length + index_length) AS bytes FROM information_schema.tables WHERE table_schema = 'seeddata'");
    return Number((rows as { bytes: number }[])[0]?.bytes ?? 0);
  });
}

/** CHECKSUM TABLE of every seeddata table on a server, by table name. */
export async function seedDataChecksums(target: AdminTarget): Promise<Record<string, string>> {
  return withAdmin(target, async (conn) => {
    const [rows] = await conn.query(`CHECKSUM TABLE ${TABLES.join(', ')} EXTENDED`);
    return Object.fromEntries((rows as { Table: string; Checksum: string | number | null }[]).map((r) => [r.Table, String(r.Checksum)]));
  });
}
