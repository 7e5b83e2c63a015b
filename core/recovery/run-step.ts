import { errorLine, OperationError } from '../errors.js';
import { primaryChannel, type InstanceFacts } from '../model/instance.js';
import { formatInstanceKey, type InstanceKey } from '../model/instance-key.js';
import { verifyReplicating } from '../replication/verify-replicating.js';
import type { StepAction } from './plan-step.js';
import { runSetReadOnly } from './set-read-only-step.js';
import type { RecoveryDeps } from './recovery-deps.js';

/** A target of a multi-server action that failed, and why. */
export interface TargetFailure {
  readonly key: InstanceKey;
  readonly error: string;
}

/** What one executed action reports (hooks and fence rows are handled by the executor itself, not here). */
export interface ActionOutcome {
  readonly message: string;
  /** Targets of a multi-server action that failed; the step is recorded failed when any did. */
  readonly failed: readonly TargetFailure[];
}

/** Actions runAction executes (the rest are the executor's own). */
export type ServerAction = Exclude<StepAction, { kind: 'hook' | 'record-fence' | 'clear-fence' }>;

/** Runs one server action through the ports; throws an OrcError when a single-target action fails. */
export async function runAction(action: ServerAction, deps: RecoveryDeps, signal: AbortSignal): Promise<ActionOutcome> {
  const { control } = deps;
  switch (action.kind) {
    case 'stop-replica-io':
      return each(action.targets, (k) => control.stopReplicaIo(k, signal), 'stopped');
    case 'stop-replica':
      return each(action.targets, (k) => control.stopReplica(k, signal), 'stopped');
    case 'start-replica':
      return each(action.targets, (k) => control.startReplica(k, signal), 'started');
    case 'await-relay-applied':
      return awaitRelayApplied(action.targets, action.timeoutMs, deps, signal);
    case 'catch-up': {
      const position = await control.executedGtid(action.from, signal);
      await control.stopReplica(action.target, signal);
      await control.changeSource(action.target, { source: action.from, gtidStart: 'slave_pos' }, signal);
      await control.startReplica(action.target, signal);
      const caught = await control.waitForGtid(action.target, position, action.timeoutMs, signal);
      await control.stopReplica(action.target, signal);
      if (!caught) throw new OperationError(`${formatInstanceKey(action.target)} did not reach ${position} within ${action.timeoutMs} ms`);
      return done(`reached ${position}`);
    }
    case 'promote':
      return promote(action.target, deps, signal);
    case 'repoint':
      return each(
        action.targets,
        async (k) => {
          await control.stopReplica(k, signal);
          await control.changeSource(k, { source: action.source, gtidStart: action.gtidStart }, signal);
          await control.startReplica(k, signal);
          if (action.verifyMs > 0) await verifyReplicating(k, action.source, action.verifyMs, deps, signal);
        },
        `replicating from ${formatInstanceKey(action.source)}`,
      );
    case 'set-read-only':
      return done(await runSetReadOnly(action, deps, signal));
    case 'await-executed': {
      const position = await control.executedGtid(action.of, signal);
      if (!(await control.waitForGtid(action.target, position, action.timeoutMs, signal))) {
        throw new OperationError(`${formatInstanceKey(action.target)} did not execute ${position} within ${action.timeoutMs} ms`);
      }
      return done(`executed ${position}`);
    }
    case 'drain': {
      const position = await control.executedGtid(action.of, signal);
      return each(
        action.targets,
        async (k) => {
          if (!(await control.waitForGtid(k, position, action.timeoutMs, signal))) throw new OperationError(`did not execute ${position} within ${action.timeoutMs} ms`);
        },
        `executed ${position}`,
      );
    }
    case 'fence':
      try {
        await control.setReadOnly(action.target, true, AbortSignal.any([signal, AbortSignal.timeout(action.timeoutMs)]));
        return done('read_only=ON now; kept read-only whenever seen');
      } catch {
        return done('not reachable now; orc sets read_only the moment it answers again');
      }
    case 'rejoin':
      // A former primary keeps a stale replica position (MariaDB gtid_slave_pos): align it to what its binlog
      // holds first, so it asks its new source for exactly the transactions it lacks.
      await control.stopReplica(action.target, signal);
      await control.alignReplicaPosition(action.target, signal);
      await control.changeSource(action.target, { source: action.source, gtidStart: action.gtidStart }, signal);
      await control.startReplica(action.target, signal);
      return done(`replicates from ${formatInstanceKey(action.source)}`);
  }
}

/** True when the facts show a promoted server: writable and replicating from nobody. */
export function isPromoted(facts: InstanceFacts): boolean {
  return !facts.readOnly && facts.replication.length === 0;
}

function done(message: string): ActionOutcome {
  return { message, failed: [] };
}

/** Runs work on every target concurrently; per-target failures are reported, not thrown. */
async function each(keys: readonly InstanceKey[], work: (k: InstanceKey) => Promise<void>, verb: string): Promise<ActionOutcome> {
  const results = await Promise.allSettled(keys.map(work));
  const failed = results.flatMap((r, i) => (r.status === 'rejected' ? [{ key: keys[i]!, error: errorLine(r.reason) }] : []));
  const okCount = keys.length - failed.length;
  const failures = failed.map((f) => `${formatInstanceKey(f.key)}: ${f.error}`).join('; ');
  return { message: `${verb}: ${okCount} of ${keys.length}${failed.length > 0 ? `; FAILED ${failures}` : ''}`, failed };
}

/**
 * Promotes: resets replication and clears read_only. When a statement fails (a timeout may still land later, or
 * may have landed), the server's real state decides: promoted is promoted, anything else is a failure.
 */
async function promote(target: InstanceKey, deps: RecoveryDeps, signal: AbortSignal): Promise<ActionOutcome> {
  try {
    await deps.control.resetReplicaAll(target, signal);
    await deps.control.setReadOnly(target, false, signal);
    return done(`${formatInstanceKey(target)} is writable and replicates from nobody`);
  } catch (err) {
    const facts = await deps.probe.probe(target, signal).catch(() => null);
    if (facts && isPromoted(facts)) return done(`${formatInstanceKey(target)} is writable and replicates from nobody (re-read after: ${errorLine(err)})`);
    throw err;
  }
}

/**
 * Lets replicas apply what they received; one whose SQL thread is stopped cannot apply anything and is not waited
 * for (candidate choice ranks it on what it executed).
 */
async function awaitRelayApplied(keys: readonly InstanceKey[], timeoutMs: number, deps: RecoveryDeps, signal: AbortSignal): Promise<ActionOutcome> {
  const results = await Promise.all(
    keys.map(async (key) => {
      const facts = await deps.probe.probe(key, signal);
      const channel = primaryChannel(facts);
      const position = channel?.retrievedGtid ?? '';
      if (channel && !channel.sqlRunning) {
        const why = channel.lastSqlErrno !== 0 ? `error ${channel.lastSqlErrno}` : 'stopped';
        return { key, applied: true, text: `${formatInstanceKey(key)} not waited for: SQL thread ${why}, at ${facts.gtid.executed || '(empty)'}` };
      }
      if (!channel || position === '' || channel.relayLogApplied) return { key, applied: true, text: `${formatInstanceKey(key)} at ${facts.gtid.executed || '(empty)'}` };
      const applied = await deps.control.waitForGtid(key, position, timeoutMs, signal);
      return { key, applied, text: `${formatInstanceKey(key)} at ${position}` };
    }),
  );
  const late = results.filter((r) => !r.applied).map((r) => formatInstanceKey(r.key));
  if (late.length > 0) throw new OperationError(`relay log not applied within ${timeoutMs} ms on ${late.join(', ')}`);
  return done(results.map((r) => r.text).join('; '));
}
