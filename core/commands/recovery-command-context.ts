import type { RecoveryDeps } from '../recovery/recovery-deps.js';
import type { CommandContext } from './command-context.js';

/** What commands that change topologies run against: the command context plus the recovery ports. */
export interface RecoveryCommandContext extends CommandContext, RecoveryDeps {}
