import { UnreachableError } from '../errors.js';
import type { InstanceFacts } from '../model/instance.js';
import type { InstanceKey } from '../model/instance-key.js';
import type { Probe } from '../ports/probe.js';

/** Probes a command makes of a server that answers too slowly before it takes the server as unreadable. */
export const COMMAND_PROBE_ATTEMPTS = 3;

/** True when a probe failed because an answer was slow (a connect or query timeout, the probe deadline), not refused. */
export function probeTimedOut(err: unknown): boolean {
  if (!(err instanceof UnreachableError)) return false;
  const { reason, code } = err.details as { reason?: string; code?: string | null };
  return reason === 'deadline' || reason === 'query_timeout' || (reason === 'connect' && code === 'ETIMEDOUT');
}

/**
 * A command's fresh probe of one server: one that answered too slowly is asked again, up to COMMAND_PROBE_ATTEMPTS
 * in all, since an operator's command is not refused for one slow answer of a busy host (the poll loop's tight
 * limits are for noticing a hung server, and it asks again next poll anyway); a refused connection, a denied login
 * or a cancelled command fails at once.
 */
export async function probeForCommand(probe: Probe, key: InstanceKey, signal?: AbortSignal): Promise<InstanceFacts> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await probe.probe(key, signal);
    } catch (err) {
      if (attempt >= COMMAND_PROBE_ATTEMPTS || !probeTimedOut(err) || signal?.aborted) throw err;
    }
  }
}
