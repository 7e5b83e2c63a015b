import type { RolloutCommandContext } from './rollout-command-context.js';
import type { SeedCommandContext } from './seed-command-context.js';

/** What the dashboard reads through the core commands: the store (seeds and rollouts too), the clock and the config (recovery policy). */
export interface DashboardContext {
  readonly store: SeedCommandContext['store'] & RolloutCommandContext['store'];
  readonly clock: SeedCommandContext['clock'];
  readonly config: SeedCommandContext['config'];
}
