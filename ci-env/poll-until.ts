import { setTimeout as delay } from 'node:timers/promises';
import { OrcError } from '../core/errors.js';
import { labError, throwIfAborted } from './lab-error.js';

/** Bounds of pollUntil. */
export interface PollOptions {
  timeoutMs: number;
  intervalMs?: number;
  signal?: AbortSignal;
  /** Names the awaited condition in the timeout error ("replicas to catch up"). */
  what: string;
}

/**
 * Calls `check` until it returns a value other than false/undefined/null, and returns that value; throws a coded
 * error naming `what` after `timeoutMs`. Plain errors thrown by `check` count as "not yet" until the deadline (then
 * the last one is reported); an OrcError thrown by `check` ends the wait at once.
 */
export async function pollUntil<T>(check: () => T | Promise<T>, opts: PollOptions): Promise<Exclude<T, false | null | undefined>> {
  const deadline = Date.now() + opts.timeoutMs;
  let lastError: unknown;
  for (;;) {
    throwIfAborted(opts.signal);
    try {
      const value = await check();
      if (value !== false && value !== null && value !== undefined) return value as Exclude<T, false | null | undefined>;
      lastError = undefined;
    } catch (err) {
      if (err instanceof OrcError) throw err;
      lastError = err;
    }
    if (Date.now() >= deadline) {
      const why = lastError === undefined ? '' : `: ${(lastError as Error).message}`;
      throw labError(`timed out after ${opts.timeoutMs} ms waiting for ${opts.what}${why}`, {}, lastError);
    }
    try {
      await delay(opts.intervalMs ?? 50, undefined, { signal: opts.signal });
    } catch {
      throwIfAborted(opts.signal);
    }
  }
}
