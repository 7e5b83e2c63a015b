import { setTimeout as delay } from 'node:timers/promises';
import { OperationError, OrcError } from '../../core/errors.js';

/**
 * Calls check until it returns true, every intervalMs, for processes the agent did not start and cannot await
 * (a server's pid, its socket); an OrcError thrown by check ends the wait, other errors count as "not yet". Throws
 * OperationError naming `what` at the deadline, or the abort reason when signal fires.
 */
export async function waitFor(check: () => boolean | Promise<boolean>, opts: { timeoutMs: number; intervalMs?: number; signal?: AbortSignal; what: string }): Promise<void> {
  const deadline = Date.now() + opts.timeoutMs;
  let last: unknown;
  for (;;) {
    opts.signal?.throwIfAborted();
    try {
      if (await check()) return;
      last = undefined;
    } catch (err) {
      if (err instanceof OrcError) throw err;
      last = err;
    }
    if (Date.now() >= deadline) {
      throw new OperationError(`timed out after ${opts.timeoutMs} ms waiting for ${opts.what}${last ? `: ${(last as Error).message}` : ''}`);
    }
    await delay(opts.intervalMs ?? 50, undefined, { signal: opts.signal });
  }
}
