import { untilAborted } from '../util/until-aborted.js';
import { OperationError, OrcError, OutcomeUnknownError } from '../errors.js';
import { capabilitiesFor, detectFlavor, type FlavorCapabilities } from '../model/flavor-capabilities.js';
import { formatInstanceKey, type InstanceKey } from '../model/instance-key.js';
import { awaitConnected, destroyProbeConnection, openProbeConnection, runQuery } from '../probe/probe-connection.js';
import { killStatement } from './kill-statement.js';

/** Credentials and time limits for changing a server. */
export interface SessionOptions {
  readonly user: string;
  readonly password: string;
  readonly connectTimeoutMs: number;
  readonly queryTimeoutMs: number;
}

/** Connections a session opens when connecting times out before it fails (the caller's signal bounds them all). */
export const SESSION_CONNECT_ATTEMPTS = 3;

/** A connection to one server for a short sequence of administrative statements. */
export interface ServerSession {
  readonly key: InstanceKey;
  readonly caps: FlavorCapabilities;
  /** Runs one statement; `what` names it in errors (never the SQL, which may hold a password). */
  exec(sql: string, what: string, timeoutMs?: number): Promise<unknown>;
}

/**
 * Opens a fresh connection (never one that may be stuck; one whose connect timed out is replaced, up to
 * SESSION_CONNECT_ATTEMPTS), detects the flavor, runs work and destroys the connection; errors become OperationError "host:port: <what> failed: <server message>" with the password scrubbed.
 * A statement that times out or whose signal fires is killed on the server before the connection is destroyed,
 * and rejects with OutcomeUnknownError (orc_timeout or orc_aborted): the caller re-reads the server's state.
 */
export async function withServerSession<T>(
  key: InstanceKey,
  options: SessionOptions,
  signal: AbortSignal | undefined,
  work: (session: ServerSession) => Promise<T>,
): Promise<T> {
  signal?.throwIfAborted();
  const open = () => openProbeConnection(key, { ...options, multipleStatements: false });
  let handle = open();
  // While a statement runs, an abort must not destroy the connection first: the statement would go on unseen.
  let running = false;
  const onAbort = () => {
    if (!running) destroyProbeConnection(handle);
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  const where = formatInstanceKey(key);
  const fail = (what: string, err: unknown): OperationError => {
    if (signal?.aborted) return new OperationError(`${where}: ${what} aborted`, { instance: where, step: what });
    const raw = err instanceof Error ? err.message : String(err);
    const text = options.password.length >= 3 ? raw.split(options.password).join('***') : raw;
    return new OperationError(`${where}: ${what} failed: ${text}`, {
      instance: where,
      step: what,
      code: (err as { code?: string }).code ?? null,
      errno: (err as { errno?: number }).errno ?? null,
    });
  };
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        await untilAborted(awaitConnected(handle), signal);
        break;
      } catch (err) {
        // Nothing was sent yet, so connecting again is always safe: a busy host is not a failed step.
        const timedOut = (err as { code?: string }).code === 'ETIMEDOUT';
        if (!timedOut || attempt >= SESSION_CONNECT_ATTEMPTS || signal?.aborted) throw fail('connect', err);
        destroyProbeConnection(handle);
        handle = open();
      }
    }
    const giveUp = async (what: string, why: 'timeout' | 'abort', timeoutMs: number, err: unknown): Promise<OutcomeUnknownError> => {
      const id = handle.conn.threadId;
      const kill = id === null ? 'kill failed: no connection id' : await killStatement(key, options, id);
      destroyProbeConnection(handle);
      const text = why === 'abort' ? 'aborted' : signal?.aborted ? 'timed out' : `timed out after ${timeoutMs} ms`;
      return new OutcomeUnknownError(why === 'abort' ? 'orc_aborted' : 'orc_timeout', `${where}: ${what} ${text}, outcome unknown (statement ${kill})`, { instance: where, step: what, kill }, { cause: err });
    };
    const exec = async (sql: string, what: string, timeoutMs = options.queryTimeoutMs): Promise<unknown> => {
      if (signal?.aborted) throw fail(what, signal.reason);
      running = true;
      try {
        return await untilAborted(runQuery(handle, sql, timeoutMs), signal);
      } catch (err) {
        const why = signal?.aborted ? (isTimeout(signal.reason) ? 'timeout' : 'abort') : (err as { code?: string }).code === 'PROTOCOL_SEQUENCE_TIMEOUT' ? 'timeout' : null;
        throw why === null ? fail(what, err) : await giveUp(what, why, timeoutMs, err);
      } finally {
        running = false;
      }
    };
    const rows = (await exec('SELECT @@version AS version, @@version_comment AS comment', 'read version')) as { version: string; comment: string }[];
    const version = String(rows[0]?.version ?? '');
    const caps = capabilitiesFor(detectFlavor(version, String(rows[0]?.comment ?? '')), version);
    return await work({ key, caps, exec });
  } catch (err) {
    if (err instanceof OrcError) throw err;
    throw fail('operation', err);
  } finally {
    signal?.removeEventListener('abort', onAbort);
    destroyProbeConnection(handle);
  }
}

/** True for the reason AbortSignal.timeout gives (a deadline, not a cancellation). */
function isTimeout(reason: unknown): boolean {
  return reason instanceof Error && reason.name === 'TimeoutError';
}
