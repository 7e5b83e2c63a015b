import type { Socket } from 'node:net';
import { OperationError, toOrcError } from '../../core/errors.js';
import { DirectHandshake, doneLine } from './direct-handshake.js';
import { watchIoBytes } from './io-progress.js';
import { expectSuccess, killChild } from './run-child.js';
import type { StageJob } from './seed-work.js';

/** Writes the last line on a socket and closes it once written (a socket already gone is left alone). */
function finish(socket: Socket, line: string): Promise<void> {
  return new Promise((resolve) => {
    if (socket.destroyed || !socket.writable) {
      socket.destroy();
      return resolve();
    }
    socket.end(line, () => {
      socket.destroy();
      resolve();
    });
    socket.once('error', () => resolve());
    socket.once('close', () => resolve());
  });
}

/**
 * The target's end of the direct copy: the accepted socket (paused, nothing past the ticket read) becomes the
 * extracting program's stdin, so the kernel hands the stream to it with no copy through this process; the source is
 * told OK once the program runs. When the program exited 0 and received() (which throws for an incomplete copy,
 * records a complete one and answers its size) returned, the source is told "DONE ok <bytes>", otherwise
 * "DONE error <message>". Resolves with the bytes received (/proc/<pid>/io rchar, at least the copy's size); an abort kills the
 * program and breaks the connection.
 */
export async function extractFromSocket(job: StageJob, socket: Socket, argv: readonly string[], name: string, received: () => Promise<number>): Promise<number> {
  socket.on('error', () => undefined);
  const onAbort = (): void => void socket.resetAndDestroy();
  job.signal.addEventListener('abort', onAbort, { once: true });
  try {
    if (socket.readableLength > 0) throw new OperationError('the source sent data before the receiver answered: refused');
    const child = job.spawn(argv, { stdin: socket, stdout: 'ignore' });
    const watch = watchIoBytes(child.pid, 'rchar', (n) => job.progress(n));
    job.sampleOnStatus(() => void watch.sample());
    let read = 0;
    try {
      if (child.pid) socket.write(DirectHandshake.okLine);
      await expectSuccess(child, name);
    } catch (err) {
      await killChild(child);
      throw err;
    } finally {
      read = watch.stop();
      job.sampleOnStatus(null);
    }
    // The last sample may predate the program's last reads: the received copy's own size bounds them from below.
    const bytes = Math.max(read, await received());
    job.progress(bytes);
    await finish(socket, doneLine({ bytes }));
    return bytes;
  } catch (err) {
    await finish(socket, doneLine({ error: toOrcError(job.signal.aborted ? job.signal.reason : err).message }));
    throw err;
  } finally {
    job.signal.removeEventListener('abort', onAbort);
  }
}
