import { loadConfig, type Config } from '../../core/config.js';
import type { CommandContext } from '../../core/commands/command-context.js';
import { systemClock } from '../../core/ports/clock.js';
import { createMysqlProbe } from '../../core/probe/mysql-probe.js';
import { openStore } from '../../core/store/open-store.js';
import { userInfo } from 'node:os';

/** A command context with the resources it opened, to be closed when the command ends. */
export interface OpenedContext {
  readonly ctx: CommandContext;
  close(): Promise<void>;
}

/** Loads and validates the config, opens the store (migrating it) and creates the probe. */
export async function openContext(configPath: string | undefined, actor?: string): Promise<OpenedContext> {
  const config: Config = loadConfig(configPath);
  const store = await openStore(config.store);
  const probe = createMysqlProbe(config.topology, systemClock);
  const ctx: CommandContext = { config, store, probe, clock: systemClock, actor: actor ?? `cli:${safeUser()}` };
  return {
    ctx,
    async close() {
      await probe.close();
      await store.close();
    },
  };
}

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}
