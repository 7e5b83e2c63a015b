import { hostname } from 'node:os';
import { startSlack, type RunningSlack } from '../../../bot/start-slack.js';
import { systemClock } from '../../../core/ports/clock.js';
import { RolloutEngine } from '../../../core/rollouts/rollout-engine.js';
import { apiListenAddress } from '../../api/listen-address.js';
import { startApi, type RunningApi } from '../../api/start-api.js';
import { claimSqliteStore } from '../../service/claim-sqlite-store.js';
import { OrcService } from '../../service/orc-service.js';
import { seedDepsFor } from '../../service/seed-deps.js';
import { createRecoveryPorts } from '../../service/recovery-ports.js';
import { createMysqlServerVariables } from '../../../core/replication/mysql-server-variables.js';
import type { CliIo } from '../cli-io.js';
import { createLogger } from '../create-logger.js';
import { ORC_VERSION } from '../orc-version.js';
import type { OpenedContext } from '../open-context.js';
import { withContext } from '../run-command.js';
import { untilSignal } from './until-signal.js';

/** `orc serve`'s work, loaded only when serve runs: opens the context, claims a SQLite store and serves until a signal. */
export async function runServe(configPath: string | undefined, listenText: string | undefined, io: CliIo, signals: NodeJS.EventEmitter): Promise<void> {
  await withContext(configPath, async ({ ctx }) => {
    const listen = apiListenAddress(listenText, ctx.config.api);
    const lock = await claimSqliteStore(ctx.config.store, ctx.store);
    try {
      await serve(ctx, io, signals, listen);
    } finally {
      lock?.release();
    }
  });
}

// The Slack bot, the API, the service's loops and its lease stop in the reverse order they started.
async function serve(ctx: OpenedContext['ctx'], io: CliIo, signals: NodeJS.EventEmitter, listen: ReturnType<typeof apiListenAddress>): Promise<void> {
  const logger = createLogger(ctx.config, io.stderr);
  const ports = createRecoveryPorts(ctx.config);
  const rollouts = new RolloutEngine({ store: ctx.store, clock: ctx.clock });
  const deps = { ...ctx, ...ports, logger, orcHost: hostname(), version: ORC_VERSION, seeds: seedDepsFor(ctx.store, ctx.agentClient), rollouts, fleet: { engine: rollouts, variables: createMysqlServerVariables(ctx.config.topology) } };
  const service = new OrcService(deps);
  const startedAt = systemClock.now();
  // The API comes up first (not ready until the service is) and goes down first (no mutation during the stop).
  const api: RunningApi | null = listen
    ? await startApi({ ctx: deps, service, version: ORC_VERSION, startedAt, metricsText: () => service.metricsText() }, listen)
    : null;
  try {
    await service.start();
  } catch (err) {
    await api?.close();
    throw err;
  }
  let slack: RunningSlack | null = null;
  try {
    // Any instance answers Slack commands; the notifier lease makes one of them deliver notifications.
    if (ctx.config.slack) slack = await startSlack({ ...deps, store: ctx.store }, logger);
  } catch (err) {
    await api?.close();
    await service.stop();
    throw err;
  }
  const signal = await untilSignal(signals);
  logger.info({ signal }, 'stopping');
  await slack?.stop();
  await api?.close();
  await service.stop();
  logger.flush();
}
