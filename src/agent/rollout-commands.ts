import { RefusedError } from '../../core/errors.js';
import { SpawnHookRunner, type HookBaseEnv } from '../../core/hooks/spawn-hook-runner.js';
import type { CommandRequest, CommandRun, CommandRunState } from '../../core/ports/agent-client.js';
import { silentLogger, type Logger } from '../../core/ports/logger.js';
import type { AgentCommand } from './agent-config.js';

/** Bytes of stdout and of stderr kept of one command run. */
export const COMMAND_OUTPUT_BYTES = 4096;

/** The output orc records of a run: stdout's tail, then stderr's (pure). */
export function commandOutput(stdout: string, stderr: string): string {
  return [stdout.trimEnd(), stderr.trimEnd()].filter((t) => t !== '').join('\n');
}

/** Ended runs an agent remembers for orc to read (the oldest are forgotten first). */
export const KEPT_ENDED_RUNS = 200;

/**
 * The operator commands this agent's config declares (rollouts.commands), started for orc's rollouts and run one at a
 * time in the background: argv without a shell, in their own process group, with PATH, HOME, LANG and
 * ORC_ROLLOUT_ID, ORC_ROLLOUT_PHASE, ORC_COMMAND only, killed at their timeout or when the agent stops, output tails
 * kept. orc reads a run's state by its id until it ended.
 */
export class RolloutCommands {
  private readonly runner: SpawnHookRunner;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly runs = new Map<string, CommandRunState>();
  private readonly requests = new Map<string, { name: string; phase: CommandRequest['phase'] }>();
  private readonly stopping = new AbortController();

  constructor(
    private readonly declared: Readonly<Record<string, AgentCommand>>,
    baseEnv: HookBaseEnv,
    cwd: string,
    private readonly logger: Logger = silentLogger,
  ) {
    this.runner = new SpawnHookRunner({ baseEnv, maxOutputBytes: COMMAND_OUTPUT_BYTES, cwd });
  }

  /** The declared names, sorted. */
  names(): string[] {
    return Object.keys(this.declared).sort();
  }

  /**
   * Starts the request's argv after the runs before it and answers its state at once; a runId already known answers
   * that run (orc asking again after a lost answer starts nothing). RefusedError when the name is not declared or the
   * known run is another command's.
   */
  start(request: CommandRequest): CommandRunState {
    const known = this.runs.get(request.runId);
    if (known) {
      const same = this.requests.get(request.runId);
      if (same && (same.name !== request.name || same.phase !== request.phase)) {
        throw new RefusedError('orc_refused', `run ${request.runId} is ${same.name} (${same.phase}), not ${request.name} (${request.phase})`, { run: request.runId });
      }
      return known;
    }
    const command = Object.hasOwn(this.declared, request.name) ? this.declared[request.name] : undefined;
    if (!command) throw new RefusedError('orc_refused', `this agent declares no command "${request.name}" (rollouts.commands in its config)`, { command: request.name });
    if (this.stopping.signal.aborted) throw new RefusedError('orc_refused', 'the agent is stopping', { command: request.name });
    const argv = request.phase === 'run' ? command.run : command.rollback;
    const env = { ORC_ROLLOUT_ID: request.rollout, ORC_ROLLOUT_PHASE: request.phase, ORC_COMMAND: request.name };
    const id = request.runId;
    const running: CommandRunState = { id, state: 'running' };
    this.runs.set(id, running);
    this.requests.set(id, { name: request.name, phase: request.phase });
    const run = this.queue.then(async () => {
      const r = await this.runner.run({ argv, env, timeoutMs: command.timeoutMs }, this.stopping.signal);
      const ended: CommandRun = { name: request.name, phase: request.phase, exitCode: r.exitCode, signal: r.signal, timedOut: r.timedOut, durationMs: r.durationMs, output: commandOutput(r.stdoutTail, r.stderrTail), error: r.error };
      this.ended(id, request.rollout, ended);
    });
    // The runner reports failures as results; anything it throws still ends the run, as one that could not start.
    this.queue = run.catch((err: unknown) => {
      this.ended(id, request.rollout, { name: request.name, phase: request.phase, exitCode: null, signal: null, timedOut: false, durationMs: 0, output: '', error: err instanceof Error ? err.message : String(err) });
    });
    this.logger.info({ command: request.name, phase: request.phase, rollout: request.rollout, run: id }, 'command started');
    return running;
  }

  /** A run's state; null when this agent never started it or forgot it. */
  get(runId: string): CommandRunState | null {
    return this.runs.get(runId) ?? null;
  }

  /** Kills the running command and starts no other; resolves once the queue is idle. */
  async close(): Promise<void> {
    this.stopping.abort();
    await this.queue;
  }

  private ended(id: string, rollout: string, run: CommandRun): void {
    this.logger.info({ command: run.name, phase: run.phase, rollout, run: id, exitCode: run.exitCode, signal: run.signal, timedOut: run.timedOut, ms: run.durationMs }, 'command ran');
    this.runs.set(id, { id, state: 'ended', run });
    const ended = [...this.runs.entries()].filter(([, r]) => r.state === 'ended');
    for (const [old] of ended.slice(0, Math.max(0, ended.length - KEPT_ENDED_RUNS))) {
      this.runs.delete(old);
      this.requests.delete(old);
    }
  }
}
