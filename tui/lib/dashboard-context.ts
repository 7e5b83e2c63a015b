import type { SeedCommandContext } from '../../core/commands/seed-command-context.js';

/** What the dashboard reads through the core commands: the store (seeds too), the clock and the config (recovery policy). */
export type DashboardContext = Pick<SeedCommandContext, 'store' | 'clock' | 'config'>;
