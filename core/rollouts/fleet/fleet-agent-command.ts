import { RefusedError } from '../../errors.js';
import { formatInstanceKey, type InstanceKey } from '../../model/instance-key.js';
import { MAX_COMMAND_TIMEOUT_MS, type AgentEndpoint, type CommandRequest, type CommandRunState } from '../../ports/agent-client.js';
import { outputTail } from './fleet-command.js';
import type { FleetCommandRun } from './fleet-rollout.js';
import type { FleetTickDeps } from './fleet-tick-deps.js';

/** Where a command run on a server stands: running, ended (as recorded), or lost (its agent does not know it). */
export type CommandProgress = { readonly kind: 'running' } | { readonly kind: 'ended'; readonly run: FleetCommandRun } | { readonly kind: 'lost' };

async function endpointOf(agents: FleetTickDeps['agents'], key: InstanceKey, what: string): Promise<{ agents: NonNullable<FleetTickDeps['agents']>; agent: AgentEndpoint }> {
  const agent = agents ? await agents.agentOf(key) : null;
  // No agent is as final as a refusal: nothing can have started.
  if (!agents || !agent) throw new RefusedError('orc_refused', `${formatInstanceKey(key)} has no registered agent to run ${what}`, { server: formatInstanceKey(key) });
  return { agents, agent };
}

function progressOf(state: CommandRunState, phase: FleetCommandRun['phase']): Exclude<CommandProgress, { kind: 'lost' }> {
  if (state.state === 'running') return { kind: 'running' };
  const r = state.run;
  return { kind: 'ended', run: { phase, exitCode: r.exitCode, signal: r.signal, timedOut: r.timedOut, output: outputTail(r.output), error: r.error } };
}

/** Asks the server's agent to start an operator command run (answered at once; the same runId answers that run). */
export async function startOnAgent(agents: FleetTickDeps['agents'], key: InstanceKey, request: CommandRequest, signal: AbortSignal): Promise<Exclude<CommandProgress, { kind: 'lost' }>> {
  const { agents: a, agent } = await endpointOf(agents, key, request.name);
  return progressOf(await a.client.startCommand(agent, request, signal), request.phase);
}

/** Asks the server's agent where a run it started stands. */
export async function pollOnAgent(agents: FleetTickDeps['agents'], key: InstanceKey, runId: string, phase: FleetCommandRun['phase'], signal: AbortSignal): Promise<CommandProgress> {
  const { agents: a, agent } = await endpointOf(agents, key, `run ${runId}`);
  const state = await a.client.commandRun(agent, runId, signal);
  return state === null ? { kind: 'lost' } : progressOf(state, phase);
}

/** One line saying how a run ended, with the last line of its output (pure). */
export function describeCommandRun(command: string, run: FleetCommandRun): string {
  const what = run.phase === 'run' ? `ran ${command}` : `ran the rollback of ${command}`;
  const ended = run.error !== null ? `could not start: ${run.error}` : run.timedOut ? 'timed out' : run.exitCode !== null ? `exit ${run.exitCode}` : `killed by ${run.signal ?? 'a signal'}`;
  const last = run.output.trimEnd().split('\n').at(-1)?.slice(0, 200) ?? '';
  return `${what}: ${ended}${last !== '' ? ` (${last})` : ''}`;
}

/**
 * How long after orc asked for a run it stops waiting for it: the agent kills a command at its timeout (at most
 * MAX_COMMAND_TIMEOUT_MS), so a run still pending a minute past that is one orc cannot learn the end of.
 */
export const COMMAND_GIVE_UP_MS = MAX_COMMAND_TIMEOUT_MS + 60_000;

/** How long a pending run's agent may go unanswering (down, restarting, cut off) before orc stops waiting for the run. */
export const AGENT_SILENCE_GIVE_UP_MS = 120_000;

/** How often a pending run's latest answer is written down (what the silence is measured from), to spare a write per tick. */
export const ANSWER_RECORD_EVERY_MS = 30_000;
