import { nanoid } from 'nanoid';
import { auditRolloutEvents } from '../audit-rollout-events.js';
import { errorLine, RefusedError } from '../../errors.js';
import { parseInstanceKey } from '../../model/instance-key.js';
import type { LeaseToken } from '../../ports/leader-lease.js';
import { variableValues } from '../../ports/server-variables.js';
import { formatRolloutKey } from '../rollout-key.js';
import { fleetActions, fleetReports, fleetSelection, type FleetAction } from './fleet-decisions.js';
import { describeCommandRun, runOnAgent } from './fleet-agent-command.js';
import { persistedRestore, persistOnAgent, readPersistedBefore } from './fleet-persistence.js';
import { judgeGates, type GateReading, type GateVerdict } from './fleet-gates.js';
import { AFTER, BEFORE, fleetKey, withServer, withStep, type FleetCommandRun, type FleetRollout, type FleetServer, type FleetStep } from './fleet-rollout.js';
import { FLEET_ACTOR, type FleetTickDeps } from './fleet-tick-deps.js';

const ENDED = new Set(['completed', 'rolled-back', 'failed']);

/** An undo that failed, its message the whole step detail. */
class UndoFailed extends Error {}

/** One fleet rollout's tick and the record it leaves (written). */
class FleetRun {
  constructor(
    private fleet: FleetRollout,
    private readonly deps: FleetTickDeps,
    private readonly lease: LeaseToken,
    private readonly signal: AbortSignal,
  ) {}

  get current(): FleetRollout {
    return this.fleet;
  }

  /** Writes the next record by compare-and-set (fenced); a rollout moved by someone else is refused. */
  async save(next: FleetRollout): Promise<void> {
    const stored = { ...next, revision: this.fleet.revision + 1, updatedAt: this.deps.clock.now() };
    if (!(await this.deps.store.updateFleetRollout(stored, this.fleet.revision, this.lease))) {
      throw new RefusedError('orc_refused', `fleet rollout ${this.fleet.id} changed under this tick; the next tick reads it again`, { rollout: this.fleet.id });
    }
    this.fleet = stored;
  }

  async audit(action: string, server: string, detail: string, outcome: 'ok' | 'failed'): Promise<void> {
    await this.deps.store.appendAudit({
      id: nanoid(),
      at: this.deps.clock.now(),
      actor: FLEET_ACTOR,
      action,
      target: `${formatRolloutKey(fleetKey(this.fleet.id))} ${server}`,
      cluster: this.fleet.cluster,
      detail,
      outcome,
    });
  }

  async record(server: FleetServer, change: (s: FleetServer) => FleetServer, step: Omit<FleetStep, 'at' | 'server'>): Promise<void> {
    const at = this.deps.clock.now();
    await this.save(withStep(withServer(this.fleet, server.name, change), { at, server: server.name, ...step }));
    const action = step.outcome === 'failed' ? 'rollout-server-failed' : step.action === 'restore' ? 'rollout-server-restored' : step.action === 'takeover' ? 'rollout-takeover' : 'rollout-server-changed';
    await this.audit(action, server.name, `${this.fleet.id}: ${server.name}: ${step.detail}`, step.outcome);
  }

  /** Measures a changed server's gates: fresh facts, the custom query, a failure left by applying. */
  async measure(server: FleetServer): Promise<GateVerdict> {
    if (server.failure !== '') return { passed: false, message: server.failure };
    const key = parseInstanceKey(server.name);
    let reading: GateReading;
    try {
      const facts = await this.deps.probe.probe(key, this.signal);
      const ch = facts.replication[0];
      reading = {
        replication: ch
          ? {
              ioRunning: ch.ioState === 'yes',
              sqlRunning: ch.sqlRunning,
              lagSeconds: ch.lagSeconds,
              lastIoErrno: ch.lastIoErrno,
              lastSqlErrno: ch.lastSqlErrno,
              lastIoError: ch.lastIoError,
              lastSqlError: ch.lastSqlError,
            }
          : null,
      };
    } catch (err) {
      return { passed: false, message: `unreachable: ${errorLine(err)}` };
    }
    const query = this.fleet.gates.query;
    if (query !== null) {
      try {
        reading = { ...reading, queryValue: await this.deps.variables.firstValue(key, query, this.signal) };
      } catch (err) {
        reading = { ...reading, queryError: errorLine(err) };
      }
    }
    return judgeGates(this.fleet.gates, reading, server.baseline);
  }

  async apply(server: FleetServer): Promise<void> {
    const key = parseInstanceKey(server.name);
    const names = this.fleet.variables.map((v) => v.name);
    try {
      if (server.previous === null) {
        // The values before the change are written before anything changes: a restart never loses them.
        const facts = await this.deps.probe.probe(key, this.signal);
        const ch = facts.replication[0];
        const previous = names.length > 0 ? await this.deps.variables.readGlobals(key, names, this.signal) : {};
        const persistedBefore = names.length > 0 ? await readPersistedBefore(this.deps.agents, key, names, this.signal) : null;
        await this.save(withServer(this.fleet, server.name, (s) => ({ ...s, previous, persistedBefore, baseline: ch ? { io: ch.lastIoErrno, sql: ch.lastSqlErrno } : null })));
      }
      if (server.role === 'primary') {
        const facts = await this.deps.probe.probe(key, this.signal);
        if (facts.replication.length === 0) {
          const moved = await this.deps.takeover(this.fleet.cluster, this.signal);
          const detail = `graceful takeover before the change: ${moved.detail}`;
          await this.record(server, (s) => (moved.ok ? s : { ...s, failure: `${detail} (failed)` }), { action: 'takeover', outcome: moved.ok ? 'ok' : 'failed', detail });
          if (!moved.ok) return;
        }
      }
    } catch (err) {
      const failure = `not changed: ${errorLine(err)}`;
      await this.record(server, (s) => ({ ...s, failure }), { action: 'apply', outcome: 'failed', detail: failure });
      return;
    }
    const command = this.fleet.command ?? null;
    if (command !== null) await this.applyCommand(server, command);
    else await this.applyVariables(server);
  }

  /** Runs the operator command on the server's agent: exit 0 changed it; anything else fails it (rolled back like the rest). */
  async applyCommand(server: FleetServer, command: string): Promise<void> {
    let run: FleetCommandRun;
    try {
      run = await runOnAgent(this.deps.agents, parseInstanceKey(server.name), { name: command, phase: 'run', rollout: this.fleet.id }, this.signal);
    } catch (err) {
      // Whether it ran is unknown: the server counts as changed, so its rollback runs.
      const failure = `running ${command} failed: ${errorLine(err)}`;
      await this.record(server, (s) => ({ ...s, applied: AFTER, failure }), { action: 'apply', outcome: 'failed', detail: failure });
      return;
    }
    const detail = describeCommandRun(command, run);
    const ok = run.exitCode === 0;
    await this.record(server, (s) => ({ ...s, applied: AFTER, failure: ok ? '' : detail, command: run }), { action: 'apply', outcome: ok ? 'ok' : 'failed', detail });
  }

  async applyVariables(server: FleetServer): Promise<void> {
    const key = parseInstanceKey(server.name);
    const described = this.fleet.variables.map((v) => `${v.name}=${v.value}`).join(', ');
    try {
      await this.deps.variables.setGlobals(key, variableValues(this.fleet.variables), this.signal);
    } catch (err) {
      // Some variables may be set already: the server counts as changed (rolled back with the rest), failing its gates.
      const failure = `setting ${described} failed: ${errorLine(err)}`;
      await this.record(server, (s) => ({ ...s, applied: AFTER, failure }), { action: 'apply', outcome: 'failed', detail: failure });
      return;
    }
    const file = this.current.servers.find((s) => s.name === server.name)?.persistedBefore?.file;
    if (file === undefined) {
      await this.record(server, (s) => ({ ...s, applied: AFTER, failure: '' }), { action: 'apply', outcome: 'ok', detail: `set ${described}` });
      return;
    }
    try {
      await persistOnAgent(this.deps.agents, key, variableValues(this.fleet.variables), this.signal);
      await this.record(server, (s) => ({ ...s, applied: AFTER, failure: '', persisted: true }), { action: 'apply', outcome: 'ok', detail: `set ${described}; persisted in ${file}` });
    } catch (err) {
      // The change would not survive a restart: it fails (and is rolled back) like a refused SET.
      const failure = `set ${described}, but persisting it in ${file} failed: ${errorLine(err)}`;
      await this.record(server, (s) => ({ ...s, applied: AFTER, failure }), { action: 'apply', outcome: 'failed', detail: failure });
    }
  }

  /** Undoes the change (the command's rollback, or the recorded values and option file), then restarts replication it stopped. */
  async restore(server: FleetServer): Promise<void> {
    const key = parseInstanceKey(server.name);
    const command = this.fleet.command ?? null;
    let undone: { detail: string; change: (s: FleetServer) => FleetServer };
    try {
      // A command that never ran here (its takeover or probe failed first) has nothing to roll back.
      if (command !== null && server.applied !== AFTER) undone = { detail: `nothing to roll back: ${command} never ran here`, change: (s) => s };
      else undone = command !== null ? await this.undoCommand(server, command) : await this.undoVariables(server);
    } catch (err) {
      await this.record(server, (s) => s, { action: 'restore', outcome: 'failed', detail: err instanceof UndoFailed ? err.message : `restoring failed (retried next tick): ${errorLine(err)}` });
      return;
    }
    try {
      const facts = await this.deps.probe.probe(key, this.signal);
      const ch = facts.replication[0];
      const restart = ch !== undefined && (ch.ioState === 'no' || !ch.sqlRunning);
      if (restart) await this.deps.control.startReplica(key, this.signal);
      const detail = `${undone.detail}${restart ? '; replication restarted' : ''}`;
      await this.record(server, (s) => ({ ...undone.change(s), applied: BEFORE, failure: '', gate: '' }), { action: 'restore', outcome: 'ok', detail });
    } catch (err) {
      await this.record(server, undone.change, { action: 'restore', outcome: 'failed', detail: `${undone.detail}, but restarting replication failed (retried next tick): ${errorLine(err)}` });
    }
  }

  async undoCommand(server: FleetServer, command: string): Promise<{ detail: string; change: (s: FleetServer) => FleetServer }> {
    let run: FleetCommandRun;
    try {
      run = await runOnAgent(this.deps.agents, parseInstanceKey(server.name), { name: command, phase: 'rollback', rollout: this.fleet.id }, this.signal);
    } catch (err) {
      throw new UndoFailed(`running the rollback of ${command} failed (retried next tick): ${errorLine(err)}`);
    }
    const detail = describeCommandRun(command, run);
    if (run.exitCode !== 0) {
      await this.save(withServer(this.fleet, server.name, (s) => ({ ...s, command: run })));
      throw new UndoFailed(`${detail} (retried next tick)`);
    }
    return { detail, change: (s) => ({ ...s, command: run }) };
  }

  async undoVariables(server: FleetServer): Promise<{ detail: string; change: (s: FleetServer) => FleetServer }> {
    const key = parseInstanceKey(server.name);
    const previous = server.previous ?? {};
    const values = this.fleet.variables.filter((v) => v.name in previous).map((v) => ({ name: v.name, value: previous[v.name] ?? null }));
    const described = values.map((v) => `${v.name}=${v.value ?? 'DEFAULT'}`).join(', ');
    const before = server.persistedBefore;
    try {
      await this.deps.variables.setGlobals(key, values, this.signal);
      if (before) await persistOnAgent(this.deps.agents, key, persistedRestore(before), this.signal);
    } catch (err) {
      throw new UndoFailed(`restoring ${described} failed (retried next tick): ${errorLine(err)}`);
    }
    const detail = `restored ${described || 'nothing (no value was recorded)'}${before ? `; ${before.file} as before` : ''}`;
    return { detail, change: (s) => (before ? { ...s, persisted: false } : s) };
  }
}

/**
 * One tick of one fleet rollout (the leader's fleet loop): measures the gates of every changed server, steps the
 * engine with what orc applied (changed servers failing a gate in error), audits the engine's events, then changes
 * or restores the servers whose wanted version moved, recording each server's values before its first change and
 * every step's outcome; once the engine rollout ended and nothing is left to do, the fleet rollout is done.
 * Returns whether anything was executed.
 */
export async function tickFleetRollout(fleet: FleetRollout, deps: FleetTickDeps, lease: LeaseToken, signal: AbortSignal): Promise<boolean> {
  const run = new FleetRun(fleet, deps, lease, signal);
  const key = fleetKey(fleet.id);
  const rollout = await deps.engine.get(key);
  const verdicts = new Map<string, GateVerdict>();
  for (const s of fleet.servers) if (s.applied === AFTER) verdicts.set(s.name, await run.measure(s));
  const gated = fleet.servers.map((s) => ({ ...s, gate: verdicts.get(s.name)?.message ?? s.gate }));
  if (gated.some((s, i) => s.gate !== fleet.servers[i]!.gate)) await run.save({ ...run.current, servers: gated });
  const outcome = await deps.engine.orchestrate(key, fleetReports(run.current, verdicts), {
    selection: fleetSelection(run.current, rollout.options, deps.clock.now()),
    lease,
  });
  if (outcome.persisted) await auditRolloutEvents({ store: deps.store, actor: FLEET_ACTOR }, outcome.events, fleet.cluster);
  const actions: FleetAction[] = fleetActions(run.current, outcome.wanted);
  for (const action of actions) {
    if (signal.aborted || !deps.leadership.mayAct()) break;
    const server = run.current.servers.find((s) => s.name === action.server)!;
    if (action.kind === 'apply') await run.apply(server);
    else await run.restore(server);
  }
  if (actions.length === 0 && ENDED.has(outcome.rollout.phase)) await run.save({ ...run.current, done: true });
  return actions.length > 0;
}
