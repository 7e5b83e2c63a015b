import { loadConfig, type Config } from '../../core/config.js';
import type { RecoveryCommandContext } from '../../core/commands/recovery-command-context.js';
import type { SeedCommandContext } from '../../core/commands/seed-command-context.js';
import { systemClock } from '../../core/ports/clock.js';
import { silentLogger } from '../../core/ports/logger.js';
import { createMysqlProbe } from '../../core/probe/mysql-probe.js';
import { openStore, type OrcStore } from '../../core/store/open-store.js';
import { agentClientFor } from '../agent-client/agent-client-factory.js';
import { createRecoveryPorts } from '../service/recovery-ports.js';
import { hostname } from 'node:os';
import { safeUser } from './safe-user.js';

/** A command context with the resources it opened, to be closed when the command ends. */
export interface OpenedContext {
  /** Its store is the whole OrcStore (leases too), which the service needs. */
  readonly ctx: RecoveryCommandContext & SeedCommandContext & { readonly store: OrcStore };
  close(): Promise<void>;
}

/**
 * Loads and validates the config, opens the store (migrating it) and creates the probe, the replication control
 * (topology credentials to administer, replication credentials for CHANGE MASTER), the hook runner and the agents' client.
 */
export async function openContext(configPath: string | undefined, actor?: string): Promise<OpenedContext> {
  const config: Config = loadConfig(configPath);
  const store = await openStore(config.store);
  const probe = createMysqlProbe(config.topology, systemClock);
  const { control, hookRunner } = createRecoveryPorts(config);
  const ctx: OpenedContext['ctx'] = {
    config,
    store,
    probe,
    control,
    hookRunner,
    agentClient: agentClientFor(config),
    clock: systemClock,
    logger: silentLogger,
    orcHost: hostname(),
    actor: actor ?? `cli:${safeUser()}`,
  };
  return {
    ctx,
    async close() {
      await control.close();
      await probe.close();
      await store.close();
    },
  };
}
