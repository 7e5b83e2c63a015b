import { InputError } from '../errors.js';
import { isValidInstant } from '../model/instant.js';
import type { AgentStageReport } from './agent-stage-report.js';
import type { SeedMachineConfig } from './seed-machine-config.js';
import { isSeedMethod } from './seed-method.js';
import { isSeedStage, SEED_STAGES } from './seed-stage.js';
import { isSeedStatus } from './seed-status.js';
import type { Seed } from './seed.js';
import { stageAgents } from './stage-agents.js';

const REPORT_STATES: ReadonlySet<string> = new Set(['running', 'completed', 'error']);

function wholeAtLeastZero(value: number, field: string): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new InputError(`seed: ${field} must be a whole number >= 0, got ${value}`, { field });
}

function instant(value: number | null, field: string): void {
  if (value !== null && !isValidInstant(value)) throw new InputError(`seed: ${field} must be whole epoch milliseconds, got ${value}`, { field });
}

/** Throws InputError unless the seed's fields hold known values (stage, status, method, counts, times). */
export function checkSeed(seed: Seed): void {
  if (!isSeedStage(seed.stage)) throw new InputError(`seed ${seed.id}: unknown stage "${String(seed.stage)}"`, { seed: seed.id });
  if (!isSeedStatus(seed.status)) throw new InputError(`seed ${seed.id}: unknown status "${String(seed.status)}"`, { seed: seed.id });
  if (!isSeedMethod(seed.method)) throw new InputError(`seed ${seed.id}: unknown method "${String(seed.method)}"`, { seed: seed.id });
  for (const stage of SEED_STAGES) wholeAtLeastZero(seed.retries[stage], `retries.${stage}`);
  wholeAtLeastZero(seed.bytesCopied, 'bytesCopied');
  for (const field of ['progressAt', 'createdAt', 'startedAt', 'endedAt', 'updatedAt'] as const) instant(seed[field], field);
  if (seed.status === 'Running' && seed.stage === 'ConnectReplica') {
    throw new InputError(`seed ${seed.id}: ConnectReplica is never Running (orc runs it within one tick)`, { seed: seed.id });
  }
}

/** Throws InputError unless each report is well formed, from an agent that runs its stage, at most one per agent. */
export function checkReports(seed: Seed, reports: readonly AgentStageReport[]): void {
  const seen = new Set<string>();
  for (const r of reports) {
    if (!isSeedStage(r.stage)) throw new InputError(`seed ${seed.id}: report of unknown stage "${String(r.stage)}"`, { seed: seed.id });
    if (!REPORT_STATES.has(r.state)) throw new InputError(`seed ${seed.id}: report with unknown state "${String(r.state)}"`, { seed: seed.id });
    if (!stageAgents(r.stage, seed.method).includes(r.agent)) {
      throw new InputError(`seed ${seed.id}: agent "${String(r.agent)}" does not take part in ${r.stage}`, { seed: seed.id, agent: r.agent, stage: r.stage });
    }
    if (seen.has(r.agent)) throw new InputError(`seed ${seed.id}: two reports from the ${r.agent} agent`, { seed: seed.id, agent: r.agent });
    seen.add(r.agent);
    wholeAtLeastZero(r.bytes, `report bytes of the ${r.agent} agent`);
    instant(r.updatedAt, `report updatedAt of the ${r.agent} agent`);
  }
}

/** Throws InputError unless the policy holds whole non-negative numbers and now is a valid instant. */
export function checkTickPolicy(config: SeedMachineConfig, now: number): void {
  wholeAtLeastZero(config.maxRetriesPerStage, 'maxRetriesPerStage');
  wholeAtLeastZero(config.staleProgressMs, 'staleProgressMs');
  wholeAtLeastZero(config.downtimeMs, 'downtimeMs');
  instant(now, 'now');
}
