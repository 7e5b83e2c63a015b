import { errorLine, InputError } from '../errors.js';
import type { AgentClient, StageStatus } from '../ports/agent-client.js';
import type { Logger } from '../ports/logger.js';
import type { AgentStageReport } from './agent-stage-report.js';
import { checkReports } from './check-seed-tick.js';
import type { SeedAgents } from './seed-agents.js';
import type { SeedSide } from './seed-method.js';
import type { Seed } from './seed.js';
import { stageAgents } from './stage-agents.js';

/** The report of a status, or null when it is not of this seed's current stage. */
function reportOf(seed: Seed, side: SeedSide, status: StageStatus): AgentStageReport | null {
  if (status.seedId !== seed.id || status.stage !== seed.stage) return null;
  const base = { agent: side, stage: status.stage, state: status.state, bytes: status.bytes, updatedAt: status.updatedAt };
  return status.error === undefined ? base : { ...base, error: status.error };
}

/**
 * Polls every agent taking part in the seed's current stage, concurrently; an agent that cannot be resolved or
 * reached, or whose answer is malformed or of another seed or stage, gives no report (logged, never thrown).
 */
export async function pollStageReports(
  seed: Seed,
  agents: SeedAgents,
  deps: { readonly agentClient: AgentClient; readonly logger: Logger },
  signal: AbortSignal,
): Promise<AgentStageReport[]> {
  const polled = await Promise.all(
    stageAgents(seed.stage, seed.method).map(async (side): Promise<AgentStageReport | null> => {
      try {
        const status = await deps.agentClient.stageStatus(await agents.endpoint(side), seed.id, seed.stage, signal);
        const report = reportOf(seed, side, status);
        if (!report) {
          deps.logger.warn({ seed: seed.id, side, stage: seed.stage, answered: `${status.seedId} ${status.stage}` }, 'agent answered for another seed or stage; ignored');
          return null;
        }
        checkReports(seed, [report]);
        return report;
      } catch (err) {
        // A malformed answer is the agent's bug (worth a warning); an unreachable agent is routine while it restarts.
        const level = err instanceof InputError ? 'warn' : 'debug';
        deps.logger[level]({ seed: seed.id, side, stage: seed.stage, err: errorLine(err) }, 'no stage report from agent');
        return null;
      }
    }),
  );
  return polled.filter((r): r is AgentStageReport => r !== null);
}
