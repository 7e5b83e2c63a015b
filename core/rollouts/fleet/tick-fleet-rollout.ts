import { nanoid } from 'nanoid';
import { auditRolloutEvents } from '../audit-rollout-events.js';
import { errorLine, RefusedError } from '../../errors.js';
import { parseInstanceKey } from '../../model/instance-key.js';
import type { CommandPhase } from '../../ports/agent-client.js';
import type { LeaseToken } from '../../ports/leader-lease.js';
import { formatAge } from '../../model/instance-problems.js';
import { newTypeableId } from '../../util/typeable-id.js';
import { variableValues } from '../../ports/server-variables.js';
import { formatRolloutKey } from '../rollout-key.js';
import { fleetActions, fleetReports, fleetSelection, type FleetAction } from './fleet-decisions.js';
import { AGENT_SILENCE_GIVE_UP_MS, ANSWER_RECORD_EVERY_MS, COMMAND_GIVE_UP_MS, describeCommandRun, pollOnAgent, startOnAgent } from './fleet-agent-command.js';
import { persistedRestore, persistOnAgent, readPersistedBefore } from './fleet-persistence.js';
import { judgeGates, type GateReading, type GateVerdict } from './fleet-gates.js';
import { AFTER, BEFORE, fleetKey, withServer, withStep, type FleetCommandRun, type FleetRollout, type FleetServer, type FleetStep } from './fleet-rollout.js';
import { FLEET_ACTOR, type FleetTickDeps } from './fleet-tick-deps.js';

const ENDED = new Set(['completed', 'rolled-back', 'failed']);

/** An undo that failed, its message the whole step detail. */
class UndoFailed extends Error {}

/** Where this tick left a server's command run: still running, ended, or failed (ran: false when it cannot have started). */
type RunStep = { readonly kind: 'running' } | { readonly kind: 'ended'; readonly run: FleetCommandRun } | { readonly kind: 'failed'; readonly ran: boolean; readonly message: string };

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
    const command = this.fleet.command ?? null;
    // A run asked for in an earlier tick: its values were recorded and any takeover done before it was asked for.
    if (command !== null && server.pendingRun?.phase === 'run') return this.applyCommand(server, command);
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
    if (command !== null) await this.applyCommand(server, command);
    else await this.applyVariables(server);
  }

  /**
   * Moves the server's run (or rollback) of the command on: asks its agent for a run, recorded first so a restarted
   * or new leader asks about the same run, or asks where the pending one stands. Never waits for the command.
   */
  async advanceRun(server: FleetServer, command: string, phase: CommandPhase): Promise<RunStep> {
    const key = parseInstanceKey(server.name);
    const now = this.deps.clock.now();
    const what = phase === 'run' ? command : `the rollback of ${command}`;
    const pending = server.pendingRun?.phase === phase ? server.pendingRun : null;
    if (pending === null) {
      const asked = { id: newTypeableId(), phase, askedAt: now };
      await this.save(withServer(this.fleet, server.name, (s) => ({ ...s, pendingRun: asked })));
      try {
        return await startOnAgent(this.deps.agents, key, { name: command, phase, rollout: this.fleet.id, runId: asked.id }, this.signal);
      } catch (err) {
        // Refused outright (undeclared, no agent): it cannot have run.
        if (err instanceof RefusedError) return { kind: 'failed', ran: false, message: `running ${what} was refused: ${errorLine(err)}` };
        // The agent may have started it before the answer was lost: the next tick asks about this run.
        return { kind: 'running' };
      }
    }
    const run = `run ${pending.id} of ${what}`;
    const overdue = now - pending.askedAt > COMMAND_GIVE_UP_MS;
    try {
      const progress = await pollOnAgent(this.deps.agents, key, pending.id, phase, this.signal);
      if (progress.kind === 'lost') return { kind: 'failed', ran: true, message: `${run}: its agent does not know it (it never got it, or it restarted), so whether it ran is unknown` };
      if (progress.kind === 'running' && overdue) return { kind: 'failed', ran: true, message: `${run} still runs ${formatAge(now - pending.askedAt)} after orc asked for it: given up` };
      if (progress.kind === 'running' && now - (pending.answeredAt ?? pending.askedAt) >= ANSWER_RECORD_EVERY_MS) {
        await this.save(withServer(this.fleet, server.name, (s) => ({ ...s, pendingRun: { ...pending, answeredAt: now } })));
      }
      return progress;
    } catch (err) {
      const silent = now - (pending.answeredAt ?? pending.askedAt);
      if (overdue || silent > AGENT_SILENCE_GIVE_UP_MS) return { kind: 'failed', ran: true, message: `${run}: its agent has not answered for ${formatAge(silent)} (${errorLine(err)}), so whether it ran is unknown` };
      return { kind: 'running' };
    }
  }

  /** The operator command's run on the server: exit 0 changed it; anything else fails it (rolled back like the rest). */
  async applyCommand(server: FleetServer, command: string): Promise<void> {
    const step = await this.advanceRun(server, command, 'run');
    if (step.kind === 'running') return;
    if (step.kind === 'failed') {
      // Unless the start was refused outright, the server counts as changed, so its rollback runs.
      const failure = step.message;
      await this.record(server, (s) => ({ ...s, applied: step.ran ? AFTER : s.applied, failure, pendingRun: null }), { action: 'apply', outcome: 'failed', detail: failure });
      return;
    }
    const { run } = step;
    const detail = describeCommandRun(command, run);
    const ok = run.exitCode === 0;
    await this.record(server, (s) => ({ ...s, applied: AFTER, failure: ok ? '' : detail, command: run, pendingRun: null }), { action: 'apply', outcome: ok ? 'ok' : 'failed', detail });
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
    // The change's run still pending is seen to its end first (recorded as applied); the next tick rolls it back.
    if (command !== null && server.pendingRun?.phase === 'run') return this.applyCommand(server, command);
    let undone: { detail: string; change: (s: FleetServer) => FleetServer };
    try {
      // A command that never ran here (its takeover or probe failed first) has nothing to roll back.
      if (command !== null && server.applied !== AFTER) undone = { detail: `nothing to roll back: ${command} never ran here`, change: (s) => s };
      else if (command !== null) {
        const rolledBack = await this.undoCommand(server, command);
        if (rolledBack === null) return;
        undone = rolledBack;
      } else undone = await this.undoVariables(server);
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

  /** The rollback's run: its detail once it ended with exit 0, null while it runs; UndoFailed otherwise (a new run next tick). */
  async undoCommand(server: FleetServer, command: string): Promise<{ detail: string; change: (s: FleetServer) => FleetServer } | null> {
    const step = await this.advanceRun(server, command, 'rollback');
    if (step.kind === 'running') return null;
    if (step.kind === 'failed') {
      await this.save(withServer(this.fleet, server.name, (s) => ({ ...s, pendingRun: null })));
      throw new UndoFailed(`${step.message} (retried next tick)`);
    }
    const { run } = step;
    const detail = describeCommandRun(command, run);
    if (run.exitCode !== 0) {
      await this.save(withServer(this.fleet, server.name, (s) => ({ ...s, command: run, pendingRun: null })));
      throw new UndoFailed(`${detail} (retried next tick)`);
    }
    return { detail, change: (s) => ({ ...s, command: run, pendingRun: null }) };
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
 * Returns whether it had anything to do (a change, a restore, or a command run to follow).
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
