import type { SeedSide } from './seed-method.js';
import type { SeedStage } from './seed-stage.js';

/** What an agent says of a stage it was told to run. */
export type AgentStageState = 'running' | 'completed' | 'error';

/** The latest stage report polled from one participating agent. */
export interface AgentStageReport {
  readonly agent: SeedSide;
  readonly stage: SeedStage;
  readonly state: AgentStageState;
  /** Bytes this agent has copied or applied in the stage so far. */
  readonly bytes: number;
  /** The agent's own time of the report (epoch ms). */
  readonly updatedAt: number;
  /** The agent's error text when state is error. */
  readonly error?: string;
}
