import { errorLine, OperationError } from '../errors.js';
import { primaryChannel } from '../model/instance.js';
import { formatInstanceKey, sameInstance, type InstanceKey } from '../model/instance-key.js';
import { sleepOn, type Clock } from '../ports/clock.js';
import type { Probe } from '../ports/probe.js';

/** How often a repointed replica is looked at while orc waits for it to replicate. */
const VERIFY_POLL_MS = 100;

/** How many polls in a row (VERIFY_POLL_MS apart) a repointed replica must show both threads running without an error. */
const VERIFY_SETTLE_POLLS = 3;

/** Waits until the replica replicates from source with both threads running; a replication error fails at once. */
export async function verifyReplicating(
  key: InstanceKey,
  source: InstanceKey,
  verifyMs: number,
  deps: { readonly probe: Probe; readonly clock: Clock },
  signal: AbortSignal,
): Promise<void> {
  const deadline = deps.clock.monotonic() + verifyMs;
  let last = 'not probed';
  let healthyPolls = 0;
  for (;;) {
    const facts = await deps.probe.probe(key, signal).catch((err: unknown) => {
      last = `not reachable: ${errorLine(err)}`;
      return null;
    });
    const channel = facts ? primaryChannel(facts) : null;
    if (facts && !channel) last = 'has no replication configured';
    if (!channel || channel.ioState !== 'yes' || !channel.sqlRunning) healthyPolls = 0;
    if (channel) {
      if (!sameInstance(channel.source, source)) last = `replicates from ${formatInstanceKey(channel.source)}`;
      else if (channel.lastSqlErrno !== 0 && !channel.sqlRunning) throw new OperationError(`SQL thread stopped with error ${channel.lastSqlErrno}: ${channel.lastSqlError}`);
      else if (channel.ioState === 'no' && channel.lastIoErrno !== 0) throw new OperationError(`IO thread stopped with error ${channel.lastIoErrno}: ${channel.lastIoError}`);
      else if (channel.ioState === 'yes' && channel.sqlRunning) {
        // Threads run at once; a refused position or an out-of-order event shows only once the first events apply.
        if (++healthyPolls >= VERIFY_SETTLE_POLLS || deps.clock.monotonic() >= deadline) return;
        last = 'replicating';
      } else last = `IO thread ${channel.ioState}${channel.lastIoErrno ? ` (error ${channel.lastIoErrno}: ${channel.lastIoError})` : ''}, SQL thread ${channel.sqlRunning ? 'running' : 'stopped'}`;
    }
    if (deps.clock.monotonic() >= deadline) throw new OperationError(`not replicating from ${formatInstanceKey(source)} within ${verifyMs} ms: ${last}`);
    await sleepOn(deps.clock, VERIFY_POLL_MS, signal);
  }
}
