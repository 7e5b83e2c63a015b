import { RefusedError } from '../../core/errors.js';
import { SpawnHookRunner, type HookBaseEnv } from '../../core/hooks/spawn-hook-runner.js';
import type { CommandRequest, CommandRun } from '../../core/ports/agent-client.js';
import type { AgentCommand } from './agent-config.js';

/** Bytes of stdout and of stderr kept of one command run. */
export const COMMAND_OUTPUT_BYTES = 4096;

/** The output orc records of a run: stdout's tail, then stderr's (pure). */
export function commandOutput(stdout: string, stderr: string): string {
  return [stdout.trimEnd(), stderr.trimEnd()].filter((t) => t !== '').join('\n');
}

/**
 * The operator commands this agent's config declares (rollouts.commands), run for orc's rollouts one at a time:
 * argv without a shell, in their own process group, with PATH, HOME, LANG and ORC_ROLLOUT_ID, ORC_ROLLOUT_PHASE,
 * ORC_COMMAND only, killed at their timeout (or when orc's call goes away), output tails kept.
 */
export class RolloutCommands {
  private readonly runner: SpawnHookRunner;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly declared: Readonly<Record<string, AgentCommand>>,
    baseEnv: HookBaseEnv,
    cwd: string,
  ) {
    this.runner = new SpawnHookRunner({ baseEnv, maxOutputBytes: COMMAND_OUTPUT_BYTES, cwd });
  }

  /** The declared names, sorted. */
  names(): string[] {
    return Object.keys(this.declared).sort();
  }

  /** Runs the request's argv to its end; RefusedError when the name is not declared. */
  run(request: CommandRequest, signal: AbortSignal): Promise<CommandRun> {
    const command = Object.hasOwn(this.declared, request.name) ? this.declared[request.name] : undefined;
    if (!command) return Promise.reject(new RefusedError('orc_refused', `this agent declares no command "${request.name}" (rollouts.commands in its config)`, { command: request.name }));
    const argv = request.phase === 'run' ? command.run : command.rollback;
    const env = { ORC_ROLLOUT_ID: request.rollout, ORC_ROLLOUT_PHASE: request.phase, ORC_COMMAND: request.name };
    const run = this.queue.then(async () => {
      const r = await this.runner.run({ argv, env, timeoutMs: command.timeoutMs }, signal);
      return { name: request.name, phase: request.phase, exitCode: r.exitCode, signal: r.signal, timedOut: r.timedOut, durationMs: r.durationMs, output: commandOutput(r.stdoutTail, r.stderrTail), error: r.error };
    });
    this.queue = run.catch(() => undefined);
    return run;
  }
}
