import { OperationError } from '../../errors.js';
import { formatInstanceKey, type InstanceKey } from '../../model/instance-key.js';
import type { CommandRequest } from '../../ports/agent-client.js';
import { outputTail } from './fleet-command.js';
import type { FleetCommandRun } from './fleet-rollout.js';
import type { FleetTickDeps } from './fleet-tick-deps.js';

/** Runs an operator command on the server's agent and answers how it ended (its output cut to its tail); rejects when the server has no agent or the call fails. */
export async function runOnAgent(agents: FleetTickDeps['agents'], key: InstanceKey, request: CommandRequest, signal: AbortSignal): Promise<FleetCommandRun> {
  const agent = agents ? await agents.agentOf(key) : null;
  if (!agents || !agent) throw new OperationError(`${formatInstanceKey(key)} has no registered agent to run ${request.name}`, { server: formatInstanceKey(key) });
  const run = await agents.client.runCommand(agent, request, signal);
  return { phase: request.phase, exitCode: run.exitCode, signal: run.signal, timedOut: run.timedOut, output: outputTail(run.output), error: run.error };
}

/** One line saying how a run ended, with the last line of its output (pure). */
export function describeCommandRun(command: string, run: FleetCommandRun): string {
  const what = run.phase === 'run' ? `ran ${command}` : `ran the rollback of ${command}`;
  const ended = run.error !== null ? `could not start: ${run.error}` : run.timedOut ? 'timed out' : run.exitCode !== null ? `exit ${run.exitCode}` : `killed by ${run.signal ?? 'a signal'}`;
  const last = run.output.trimEnd().split('\n').at(-1)?.slice(0, 200) ?? '';
  return `${what}: ${ended}${last !== '' ? ` (${last})` : ''}`;
}
