import { createConnection, type Connection } from 'mysql2';
import type { InstanceKey } from '../model/instance-key.js';

/** Settings of one probe connection. */
export interface ProbeConnectionOptions {
  readonly user: string;
  readonly password: string;
  readonly connectTimeoutMs: number;
  readonly queryTimeoutMs: number;
  /** Allow several statements per query (one round trip per probe); the probe's SQL is fixed text, never user input. */
  readonly multipleStatements: boolean;
}

/** A mysql2 connection plus what the probe learned about it; dead once `broken` is set. */
export interface ProbeConnection {
  readonly conn: Connection;
  broken: boolean;
  connected: boolean;
}

/**
 * Opens a connection (mysql2 starts the TCP handshake at once). The error and end listeners mark it broken so an
 * idle connection whose server went away is never handed to the next probe, and keep mysql2 from throwing.
 */
export function openProbeConnection(key: InstanceKey, o: ProbeConnectionOptions): ProbeConnection {
  const conn = createConnection({
    host: key.host,
    port: key.port,
    user: o.user,
    password: o.password,
    connectTimeout: o.connectTimeoutMs,
    multipleStatements: o.multipleStatements,
    supportBigNumbers: true,
    dateStrings: true,
  });
  const handle: ProbeConnection = { conn, broken: false, connected: false };
  const markBroken = (): void => {
    handle.broken = true;
  };
  conn.on('error', markBroken);
  conn.on('end', markBroken);
  return handle;
}

/** Resolves once the handshake and login finished (mysql2's connectTimeout bounds it). */
export function awaitConnected(handle: ProbeConnection): Promise<void> {
  if (handle.connected) return Promise.resolve();
  return new Promise((resolve, reject) => {
    handle.conn.connect((err) => {
      if (err) {
        handle.broken = true;
        reject(err);
      } else {
        handle.connected = true;
        resolve();
      }
    });
  });
}

/** Runs SQL with the per-query timeout; any error marks the connection broken (a timed-out one stays stuck). */
export function runQuery(handle: ProbeConnection, sql: string, timeoutMs: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    handle.conn.query({ sql, timeout: timeoutMs }, (err, result) => {
      if (err) {
        handle.broken = true;
        reject(err);
      } else {
        resolve(result);
      }
    });
  });
}

/** Closes the socket at once, without the polite QUIT a frozen server would never answer. */
export function destroyProbeConnection(handle: ProbeConnection): void {
  handle.broken = true;
  handle.conn.destroy();
}
