import type { AgentStageReport } from '../../../core/seeds/agent-stage-report.js';
import { nextSeedState } from '../../../core/seeds/next-seed-state.js';
import type { SeedMachineConfig } from '../../../core/seeds/seed-machine-config.js';
import { seedStepFailed, type SeedStepFailure } from '../../../core/seeds/seed-step-failed.js';
import type { SeedAction, SeedTransition } from '../../../core/seeds/seed-transition.js';
import { newSeed, type Seed } from '../../../core/seeds/seed.js';
import type { SeedMethod } from '../../../core/seeds/seed-method.js';

export const T0 = 1_800_000_000_000;
export const SOURCE = { host: 'db-src.example', port: 3306 };
export const TARGET = { host: 'db-new.example', port: 3306 };
export const CONFIG: SeedMachineConfig = { maxRetriesPerStage: 3, staleProgressMs: 10 * 60_000, downtimeMs: 3_600_000 };

/** A seed of the scenarios: a fresh one with fields overridden. */
export function seedOf(fields: Partial<Seed> = {}, method: SeedMethod = 'mariabackup'): Seed {
  return { ...newSeed({ id: 'seed-1', method, source: SOURCE, target: TARGET, now: T0 }), ...fields };
}

/** A report in a short form: "target completed", "source error", "source running 500". */
export function report(text: string, stage: AgentStageReport['stage'], at = T0): AgentStageReport {
  const [agent, state, bytes] = text.split(' ');
  return { agent: agent as AgentStageReport['agent'], stage, state: state as AgentStageReport['state'], bytes: Number(bytes ?? 0), updatedAt: at, ...(state === 'error' ? { error: 'boom' } : {}) };
}

/** An action in a short form: "call-stage target Prepare", "begin-downtime", "abort source Backup". */
export function actionText(a: SeedAction): string {
  switch (a.kind) {
    case 'call-stage':
    case 'abort':
      return `${a.kind} ${a.agent} ${a.stage}`;
    case 'cleanup':
      return `cleanup ${a.agent}`;
    default:
      return a.kind;
  }
}

/** One tick of a scenario: the reports polled (of the seed's stage), an operator abort, or a deciding action that failed. */
export interface ScenarioTick {
  readonly reports?: readonly string[];
  readonly abort?: boolean;
  readonly fail?: SeedStepFailure;
  /** Minutes after the previous tick (1 by default). */
  readonly after?: number;
  /** "Status/Stage" after the tick. */
  readonly expect: string;
  readonly retries?: Partial<Seed['retries']>;
  readonly actions?: readonly string[];
}

/** Runs ticks from seed the way the seed loop will (a failed deciding action persists seedStepFailed instead); returns every transition. */
export function runScenario(start: Seed, ticks: readonly ScenarioTick[], config = CONFIG): { seed: Seed; transitions: SeedTransition[] } {
  let seed = start;
  let now = T0;
  const transitions: SeedTransition[] = [];
  for (const t of ticks) {
    now += (t.after ?? 1) * 60_000;
    if (t.abort) seed = { ...seed, abortRequested: true };
    const reports = (t.reports ?? []).map((r) => report(r, seed.stage, now));
    const planned = nextSeedState({ seed, reports, config, now });
    const result = t.fail ? seedStepFailed(seed, t.fail, now) : planned;
    transitions.push(result);
    seed = result.seed;
  }
  return { seed, transitions };
}
