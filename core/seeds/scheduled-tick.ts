import { nextSeedStage } from './seed-stage.js';
import { stateRow, type SeedAction, type SeedTransition } from './seed-transition.js';
import type { SeedMachineConfig } from './seed-machine-config.js';
import type { Seed } from './seed.js';
import { stageAgents } from './stage-agents.js';

/**
 * A Scheduled seed's tick: the first one puts the target in downtime; then the stage's agents are called (-> Running),
 * or for ConnectReplica orc connects the target itself (-> Scheduled Cleanup); a failed call goes through seedStepFailed.
 */
export function scheduledTick(seed: Seed, config: SeedMachineConfig, now: number): SeedTransition {
  const actions: SeedAction[] = [];
  if (seed.startedAt === null) {
    actions.push({ kind: 'begin-downtime', instance: seed.target, until: now + config.downtimeMs, reason: `seed ${seed.id}` });
  }
  const started = { ...seed, startedAt: seed.startedAt ?? now, updatedAt: now };
  if (seed.stage === 'ConnectReplica') {
    actions.push({ kind: 'connect-replica' });
    const next: Seed = { ...started, stage: nextSeedStage(seed.stage) ?? 'Cleanup', status: 'Scheduled', bytesCopied: 0, progressAt: null };
    return { seed: next, actions, row: stateRow(next, now, 'replication of the target connected to the source') };
  }
  const agents = stageAgents(seed.stage, seed.method);
  for (const agent of agents) actions.push({ kind: 'call-stage', agent, stage: seed.stage });
  const next: Seed = { ...started, status: 'Running', bytesCopied: 0, progressAt: now };
  return { seed: next, actions, row: stateRow(next, now, `${seed.stage} started on ${agents.join(' and ')}`) };
}
