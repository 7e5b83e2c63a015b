import type { CommandContext } from '../../core/commands/command-context.js';

/** What the dashboard reads through the core commands: the store, the clock and the config (recovery policy). */
export type DashboardContext = Pick<CommandContext, 'store' | 'clock' | 'config'>;
