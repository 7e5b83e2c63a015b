import { connect, type Socket } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { OperationError, UnreachableError } from '../../core/errors.js';
import type { TrackedChild } from './child-tracker.js';
import { DirectHandshake, parseDoneLine } from './direct-handshake.js';
import { watchIoBytes, type IoWatch } from './io-progress.js';
import type { ReceiverAddress } from './receiver-request.js';
import { expectSuccess, killChild } from './run-child.js';
import { SocketLines } from './socket-lines.js';

/** How long the source waits for the target's result line after its own program failed (it names the cause). */
const CAUSE_WAIT_MS = 2000;

function aborted(signal: AbortSignal): Promise<never> {
  return new Promise((_resolve, reject) => {
    if (signal.aborted) reject(signal.reason);
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}

function describe(outcome: { readonly error: string } | { readonly bytes: number }): string {
  return 'error' in outcome ? outcome.error : 'it answered ok before the copy';
}

function connectTo(receiver: ReceiverAddress, timeoutMs: number, signal: AbortSignal): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: receiver.host, port: receiver.port, allowHalfOpen: true, noDelay: true, timeout: timeoutMs });
    const fail = (err: Error): void => {
      socket.destroy();
      signal.removeEventListener('abort', onAbort);
      reject(err);
    };
    const onAbort = (): void => fail(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    socket.once('timeout', () => fail(new UnreachableError(`connecting to the receiver ${receiver.host}:${receiver.port} timed out`)));
    socket.once('error', (err: NodeJS.ErrnoException) => fail(new UnreachableError(`connecting to the receiver ${receiver.host}:${receiver.port} failed: ${err.code ?? err.message}`, {}, { cause: err })));
    socket.once('connect', () => {
      socket.setTimeout(0);
      socket.removeAllListeners('timeout');
      socket.removeAllListeners('error');
      signal.removeEventListener('abort', onAbort);
      resolve(socket);
    });
  });
}

/**
 * The source's end of the direct copy: connects to the target's receiver, presents the ticket and waits for OK, then
 * starts the producing program with the socket as its stdout (the kernel carries the stream; this process copies
 * nothing) and reports its written bytes (/proc/<pid>/io wchar, every 500 ms and through sampleOnStatus). Once the program exited 0 the socket is half-closed
 * so the target's extractor sees the end; resolves only when the target then answers "DONE ok". Any failure, or the
 * signal, kills the program and resets the connection.
 */
export async function uploadDirect(
  receiver: ReceiverAddress,
  start: (socket: Socket) => TrackedChild,
  name: string,
  timeoutMs: number,
  signal: AbortSignal,
  onBytes: (bytes: number) => void,
  sampleOnStatus: (sample: (() => void) | null) => void = () => undefined,
): Promise<void> {
  const socket = await connectTo(receiver, timeoutMs, signal);
  const where = `the direct copy to ${receiver.host}:${receiver.port}`;
  const lines = new SocketLines(socket, where, DirectHandshake.maxLineLength);
  const stop = aborted(signal);
  stop.catch(() => undefined);
  let child: TrackedChild | null = null;
  let watch: IoWatch | null = null;
  try {
    socket.write(`${receiver.ticket}\n`);
    const answer = await Promise.race([lines.next(), stop, delay(timeoutMs, null, { ref: false }).then(() => Promise.reject(new UnreachableError(`${where}: no answer to the ticket within ${timeoutMs} ms`)))]);
    if (answer !== 'OK') throw new OperationError(`the target refused ${where}: ${describe(parseDoneLine(answer))}`);
    child = start(socket);
    // The spawn stopped this process reading the socket; the target's result line still has to be read.
    socket.resume();
    watch = watchIoBytes(child.pid, 'wchar', onBytes);
    sampleOnStatus(watch.sample);
    const produced = expectSuccess(child, name);
    const result = lines.next();
    result.catch(() => undefined);
    const first = await Promise.race([produced.then(() => 'exited' as const), result.then((line) => ({ line })), stop]);
    if (first !== 'exited') {
      throw new OperationError(`the target ended ${where} before ${name} finished: ${describe(parseDoneLine(first.line))}`);
    }
    socket.end();
    const done = parseDoneLine(await Promise.race([result, stop]));
    if ('error' in done) throw new OperationError(`the target failed to take the copy: ${done.error}`);
    // The last sample may predate the program's last writes: the target's count completes it.
    onBytes(Math.max(watch.stop(), done.bytes));
  } catch (err) {
    if (child) await killChild(child);
    // A program that failed because the target stopped reading: the target's result line names the cause.
    const line = child && !signal.aborted ? await Promise.race([lines.next(), delay(CAUSE_WAIT_MS, null, { ref: false })]).catch(() => null) : null;
    socket.resetAndDestroy();
    const parsed = line === null ? null : parseDoneLine(line);
    const cause = parsed !== null && 'error' in parsed ? parsed.error : null;
    if (cause !== null && !(err instanceof OperationError && err.message.includes(cause))) throw new OperationError(`${(err as Error).message}; the target: ${cause}`, {}, { cause: err });
    throw err;
  } finally {
    watch?.stop();
    sampleOnStatus(null);
    socket.destroy();
  }
}
