import type { AgentStageReport } from './agent-stage-report.js';
import type { SeedMachineConfig } from './seed-machine-config.js';
import type { SeedSide } from './seed-method.js';
import { isStaleWatchedStage, nextSeedStage } from './seed-stage.js';
import { stateRow, type SeedAction, type SeedTransition } from './seed-transition.js';
import type { Seed } from './seed.js';
import { stageAgents } from './stage-agents.js';

function abortStillRunning(seed: Seed, agents: readonly SeedSide[], reports: ReadonlyMap<SeedSide, AgentStageReport>): SeedAction[] {
  // An agent with no report yet may have started: abort it too; one that completed or failed has nothing to stop.
  return agents
    .filter((agent) => (reports.get(agent)?.state ?? 'running') === 'running')
    .map((agent) => ({ kind: 'abort', agent, stage: seed.stage, bestEffort: true }));
}

/**
 * A Running seed's tick from the agents' latest reports of its stage: any error -> Error (the other agent of a
 * two-agent stage aborted first); all completed -> the next stage Scheduled (or Completed after Cleanup, downtime
 * ended); else the progress is taken, and a Backup or Restore without progress for staleProgressMs -> Error.
 */
export function runningTick(seed: Seed, allReports: readonly AgentStageReport[], config: SeedMachineConfig, now: number): SeedTransition {
  const agents = stageAgents(seed.stage, seed.method);
  // A report of another stage is left over from before this stage was called: it says nothing about this one.
  const reports = new Map(allReports.filter((r) => r.stage === seed.stage).map((r) => [r.agent, r]));
  const failed = agents.map((a) => reports.get(a)).find((r) => r?.state === 'error');
  if (failed) {
    const error = `${seed.stage} failed on the ${failed.agent} agent: ${failed.error ?? 'no error text'}`;
    const next: Seed = { ...seed, status: 'Error', error, updatedAt: now };
    const others = agents.filter((a) => a !== failed.agent);
    return { seed: next, actions: abortStillRunning(seed, others, reports), row: stateRow(next, now, error, failed.agent) };
  }
  const bytes = agents.reduce((sum, a) => sum + (reports.get(a)?.bytes ?? 0), 0);
  const progressed = bytes > seed.bytesCopied;
  const measured: Seed = progressed ? { ...seed, bytesCopied: bytes, progressAt: now, updatedAt: now } : seed;
  if (agents.every((a) => reports.get(a)?.state === 'completed')) {
    const stage = nextSeedStage(seed.stage);
    if (stage === null) {
      const done: Seed = { ...measured, status: 'Completed', endedAt: now, updatedAt: now, error: null };
      return { seed: done, actions: [{ kind: 'end-downtime', instance: seed.target }], row: stateRow(done, now, 'seed completed') };
    }
    const next: Seed = { ...measured, stage, status: 'Scheduled', updatedAt: now };
    return { seed: next, actions: [], row: stateRow(next, now, `${seed.stage} completed`) };
  }
  const since = measured.progressAt ?? now;
  if (!progressed && isStaleWatchedStage(seed.stage) && now - since >= config.staleProgressMs) {
    const error = `${seed.stage} made no progress for ${Math.round((now - since) / 1000)} s (stuck at ${seed.bytesCopied} bytes)`;
    const next: Seed = { ...seed, status: 'Error', error, updatedAt: now };
    return { seed: next, actions: abortStillRunning(seed, agents, reports), row: stateRow(next, now, error) };
  }
  return { seed: measured, actions: [], row: null };
}
