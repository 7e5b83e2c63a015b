/** Errors a write to a stream whose reader went away reports (`orc ... | head -1`). */
const CLOSED_CODES: ReadonlySet<string> = new Set(['EPIPE', 'ERR_STREAM_DESTROYED']);

/**
 * Makes a closed output quiet: once the reader of the stream is gone, what the command still prints is dropped and
 * the command finishes with its own exit status (it is never cut short mid-change); any other error is rethrown.
 */
export function dropOutputWhenClosed(stream: NodeJS.WritableStream): void {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === undefined || !CLOSED_CODES.has(err.code)) throw err;
  });
}
