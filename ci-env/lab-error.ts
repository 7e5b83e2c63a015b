import { OrcError } from '../core/errors.js';

/** A lab operation failed; the message says what to do about it. */
export function labError(message: string, details: Record<string, unknown> = {}, cause?: unknown): OrcError {
  return new OrcError('orc_lab_failed', message, details, cause === undefined ? undefined : { cause });
}

/** Throws orc_aborted when the signal has fired. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new OrcError('orc_aborted', 'lab operation aborted');
}

/** The error to report for `err`: orc_aborted when the signal fired (whatever broke as a result), else `err`. */
export function abortedOr(err: unknown, signal: AbortSignal | undefined): unknown {
  return signal?.aborted && !(err instanceof OrcError && err.code === 'orc_aborted') ? new OrcError('orc_aborted', 'lab operation aborted') : err;
}
