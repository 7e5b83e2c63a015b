import { backupSide, type SeedMethod, type SeedSide } from './seed-method.js';
import type { SeedStage } from './seed-stage.js';

/** The agents that run a stage: both for Prepare and Cleanup, the backup side for Backup, the target for Restore, none for ConnectReplica (orc runs it). */
export function stageAgents(stage: SeedStage, method: SeedMethod): readonly SeedSide[] {
  switch (stage) {
    case 'Prepare':
    case 'Cleanup':
      return ['target', 'source'];
    case 'Backup':
      return [backupSide(method)];
    case 'Restore':
      return ['target'];
    case 'ConnectReplica':
      return [];
  }
}

/** True when two agents run the stage (an error on one aborts the other). */
export function isTwoAgentStage(stage: SeedStage): boolean {
  return stage === 'Prepare' || stage === 'Cleanup';
}
