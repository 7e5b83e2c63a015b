import { OperationError } from '../errors.js';
import { primaryChannel } from '../model/instance.js';
import { formatInstanceKey, type InstanceKey } from '../model/instance-key.js';
import type { StepAction } from './plan-step.js';
import type { RecoveryDeps } from './recovery-deps.js';

/** What one executed action reports (hooks are run by the executor itself, not here). */
export interface ActionOutcome {
  readonly message: string;
}

/** Runs one non-hook action through the ports; throws an OrcError when it fails. */
export async function runAction(action: Exclude<StepAction, { kind: 'hook' | 'record-fence' }>, deps: RecoveryDeps, signal: AbortSignal): Promise<ActionOutcome> {
  const { control } = deps;
  switch (action.kind) {
    case 'stop-replica-io':
      await all(action.targets, (k) => control.stopReplicaIo(k, signal));
      return { message: `stopped on ${action.targets.length}` };
    case 'stop-replica':
      await all(action.targets, (k) => control.stopReplica(k, signal));
      return { message: `stopped on ${action.targets.length}` };
    case 'start-replica':
      await all(action.targets, (k) => control.startReplica(k, signal));
      return { message: `started on ${action.targets.length}` };
    case 'await-relay-applied': {
      const results = await Promise.all(action.targets.map((k) => awaitRelayApplied(k, action.timeoutMs, deps, signal)));
      const late = results.filter((r) => !r.applied).map((r) => formatInstanceKey(r.key));
      if (late.length > 0) throw new OperationError(`relay log not applied within ${action.timeoutMs} ms on ${late.join(', ')}`);
      return { message: results.map((r) => `${formatInstanceKey(r.key)} at ${r.position || '(empty)'}`).join('; ') };
    }
    case 'catch-up': {
      const position = await control.executedGtid(action.from, signal);
      await control.stopReplica(action.target, signal);
      await control.changeSource(action.target, { source: action.from, gtidStart: 'slave_pos' }, signal);
      await control.startReplica(action.target, signal);
      const caught = await control.waitForGtid(action.target, position, action.timeoutMs, signal);
      await control.stopReplica(action.target, signal);
      if (!caught) throw new OperationError(`${formatInstanceKey(action.target)} did not reach ${position} within ${action.timeoutMs} ms`);
      return { message: `reached ${position}` };
    }
    case 'promote':
      await control.resetReplicaAll(action.target, signal);
      await control.setReadOnly(action.target, false, signal);
      return { message: `${formatInstanceKey(action.target)} is writable and replicates from nobody` };
    case 'repoint':
      await all(action.targets, async (k) => {
        await control.stopReplica(k, signal);
        await control.changeSource(k, { source: action.source, gtidStart: action.gtidStart }, signal);
        await control.startReplica(k, signal);
      });
      return { message: `${action.targets.length} now replicate from ${formatInstanceKey(action.source)}` };
    case 'set-read-only': {
      const bounded = action.timeoutMs ? AbortSignal.any([signal, AbortSignal.timeout(action.timeoutMs)]) : signal;
      await control.setReadOnly(action.target, action.readOnly, bounded);
      return { message: `read_only=${action.readOnly ? 'ON' : 'OFF'}` };
    }
    case 'await-executed': {
      const position = await control.executedGtid(action.of, signal);
      if (!(await control.waitForGtid(action.target, position, action.timeoutMs, signal))) {
        throw new OperationError(`${formatInstanceKey(action.target)} did not execute ${position} within ${action.timeoutMs} ms`);
      }
      return { message: `executed ${position}` };
    }
    case 'fence': {
      try {
        await control.setReadOnly(action.target, true, AbortSignal.any([signal, AbortSignal.timeout(action.timeoutMs)]));
        return { message: 'read_only=ON now; kept read-only whenever seen' };
      } catch {
        return { message: 'not reachable now; orc sets read_only the moment it answers again' };
      }
    }
    case 'rejoin':
      // A former primary keeps a stale replica position (MariaDB gtid_slave_pos): align it to what its binlog
      // holds first, so it asks its new source for exactly the transactions it lacks.
      await control.stopReplica(action.target, signal);
      await control.alignReplicaPosition(action.target, signal);
      await control.changeSource(action.target, { source: action.source, gtidStart: action.gtidStart }, signal);
      await control.startReplica(action.target, signal);
      return { message: `replicates from ${formatInstanceKey(action.source)}` };
  }
}

async function all(keys: readonly InstanceKey[], work: (k: InstanceKey) => Promise<void>): Promise<void> {
  const results = await Promise.allSettled(keys.map(work));
  const failed = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
  if (failed.length > 0) {
    const text = failed.map((e) => (e instanceof Error ? e.message : String(e))).join('; ');
    throw new OperationError(text);
  }
}

async function awaitRelayApplied(key: InstanceKey, timeoutMs: number, deps: RecoveryDeps, signal: AbortSignal) {
  const facts = await deps.probe.probe(key, signal);
  const channel = primaryChannel(facts);
  const position = channel?.retrievedGtid ?? '';
  if (!channel || position === '' || channel.relayLogApplied) return { key, applied: true, position: facts.gtid.executed };
  const applied = await deps.control.waitForGtid(key, position, timeoutMs, signal);
  return { key, applied, position };
}
