export { expectOk, orc } from '../../support/run-orc.js';
import mysql from 'mysql2/promise';
import { labStatus } from '../../../ci-env/lab.js';
import type { LabInfo } from '../../../ci-env/lab-types.js';
import { until } from '../../support/service-harness.js';

/** Polls a condition until it yields a value (the harness's until, under the name these tests use). */
export const waitFor = until;


/** Each lab server's source port (null for none) and whether its threads run, as the servers say now. */
export async function sources(lab: LabInfo): Promise<Record<number, { source: number | null; running: boolean; readOnly: boolean | null }>> {
  const status = await labStatus(lab.name);
  return Object.fromEntries(
    status.instances.map((i) => [
      i.port,
      { source: i.replication?.masterPort ?? null, running: i.replication?.ioRunning === 'Yes' && i.replication.sqlRunning === 'Yes', readOnly: i.readOnly },
    ]),
  );
}

/** Runs one statement as the lab admin (which bypasses read_only) on a server. */
export async function adminQuery(lab: LabInfo, port: number, sql: string): Promise<unknown[]> {
  const conn = await mysql.createConnection({ host: '127.0.0.1', port, user: lab.user, password: lab.password });
  try {
    const [rows] = await conn.query(sql);
    return rows as unknown[];
  } finally {
    await conn.end();
  }
}

/** One sample of every server's read_only, taken concurrently. */
export interface ReadOnlySample {
  readonly at: number;
  readonly writable: readonly number[];
}

/** Samples read_only on every server every few ms through persistent admin connections until stopped. */
export async function startReadOnlySampler(lab: LabInfo, everyMs = 3): Promise<{ samples: ReadOnlySample[]; stop(): Promise<ReadOnlySample[]> }> {
  const conns = await Promise.all(
    lab.instances.map(async (i) => ({ port: i.port, conn: await mysql.createConnection({ host: '127.0.0.1', port: i.port, user: lab.user, password: lab.password }) })),
  );
  const samples: ReadOnlySample[] = [];
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const at = Date.now();
      const states = await Promise.all(
        conns.map(async ({ port, conn }) => {
          const [rows] = await conn.query<mysql.RowDataPacket[]>('SELECT @@read_only AS ro');
          return { port, writable: Number(rows[0]!.ro) === 0 };
        }),
      );
      samples.push({ at, writable: states.filter((s) => s.writable).map((s) => s.port) });
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return {
    samples,
    async stop() {
      stopped = true;
      await loop;
      await Promise.all(conns.map((c) => c.conn.end()));
      return samples;
    },
  };
}
