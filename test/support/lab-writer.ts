import mysql from 'mysql2/promise';

/** One row the writer saw committed, and on which server. */
export interface CommittedRow {
  readonly id: number;
  readonly port: number;
  readonly at: number;
}

/** A client that inserts rows continuously into orc_lab.t on whichever lab server accepts writes. */
export interface LabWriter {
  readonly committed: CommittedRow[];
  /** Failed attempts (read-only refusals, dead servers), for diagnosis. */
  readonly failures: { port: number; at: number; error: string }[];
  /** Waits until the writer has committed at least n rows in total (bounded). */
  waitForCommits(n: number, timeoutMs: number): Promise<void>;
  stop(): Promise<CommittedRow[]>;
}

/** Creates orc_lab.t on the primary (as the lab admin). */
export async function createWriterTable(admin: { port: number; user: string; password: string }): Promise<void> {
  const conn = await mysql.createConnection({ host: '127.0.0.1', port: admin.port, user: admin.user, password: admin.password });
  try {
    await conn.query('CREATE TABLE IF NOT EXISTS orc_lab.t (id BIGINT PRIMARY KEY, port INT NOT NULL, at BIGINT NOT NULL) ENGINE=InnoDB');
  } finally {
    await conn.end();
  }
}

/**
 * Starts a writer with the application account (no read_only bypass, so read_only really stops it): it keeps one
 * connection to the server that last accepted a write and, when an insert fails, tries the servers in turn.
 */
export function startLabWriter(options: { ports: readonly number[]; user: string; password: string; intervalMs?: number }): LabWriter {
  const committed: CommittedRow[] = [];
  const failures: { port: number; at: number; error: string }[] = [];
  let stopped = false;
  let nextId = 1;
  let current = 0;
  let conn: mysql.Connection | null = null;

  const connect = async (port: number) =>
    mysql.createConnection({ host: '127.0.0.1', port, user: options.user, password: options.password, connectTimeout: 300, database: 'orc_lab' });

  const loop = (async () => {
    while (!stopped) {
      const port = options.ports[current]!;
      const id = nextId;
      try {
        conn ??= await connect(port);
        await conn.query({ sql: 'INSERT INTO t (id, port, at) VALUES (?, ?, ?)', timeout: 500 }, [id, port, Date.now()]);
        committed.push({ id, port, at: Date.now() });
        nextId++;
        if (options.intervalMs) await new Promise((r) => setTimeout(r, options.intervalMs));
      } catch (err) {
        failures.push({ port, at: Date.now(), error: (err as Error).message });
        conn?.destroy();
        conn = null;
        // An id whose insert failed may still have committed (the ack got lost): never reuse it.
        nextId++;
        current = (current + 1) % options.ports.length;
        await new Promise((r) => setTimeout(r, 2));
      }
    }
  })();

  return {
    committed,
    failures,
    async waitForCommits(n, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (committed.length < n) {
        if (Date.now() > deadline) throw new Error(`writer committed only ${committed.length} of ${n} rows`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    async stop() {
      stopped = true;
      await loop;
      conn?.destroy();
      return committed;
    },
  };
}

/** The ids present in orc_lab.t on one server. */
export async function idsOn(port: number, admin: { user: string; password: string }): Promise<Set<number>> {
  const conn = await mysql.createConnection({ host: '127.0.0.1', port, user: admin.user, password: admin.password });
  try {
    const [rows] = await conn.query<mysql.RowDataPacket[]>('SELECT id FROM orc_lab.t');
    return new Set(rows.map((r) => Number(r.id)));
  } finally {
    await conn.end();
  }
}
