import type { Command } from '@commander-js/extra-typings';
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
import type { ApiMode } from '../api-mode.js';
import type { CliIo } from '../cli-io.js';
import { createLogger } from '../create-logger.js';
import { ORC_VERSION } from '../orc-version.js';
import type { OpenedContext } from '../open-context.js';
import { withContext } from '../run-command.js';
import { untilSignal } from './until-signal.js';

/** `orc serve [--listen HOST:PORT]`: the service (discovery, analysis, recovery) and its HTTP API until SIGINT or SIGTERM. */
export function registerServe(program: Command, io: CliIo, mode: ApiMode, signals: NodeJS.EventEmitter): void {
  program
    .command('serve')
    .description('run the orc service: continuous discovery, failure analysis and automated recovery, and the HTTP API when configured')
    .option('--config <path>', 'config file (default: $ORC_CONFIG)')
    .option('--listen <host:port>', 'serve the HTTP API here (overrides api.listen; port 0 picks a free one)')
    .action(async (opts) => {
      mode.refuse('serve');
      await withContext(opts.config, async ({ ctx }) => {
        const listen = apiListenAddress(opts.listen, ctx.config.api);
        const lock = await claimSqliteStore(ctx.config.store, ctx.store);
        try {
          await serve(ctx, io, signals, listen);
        } finally {
          lock?.release();
        }
      });
    });
}

/** Runs the service, its API and (with a slack section) the Slack bot until SIGINT or SIGTERM, then stops them, the service's loops and its lease. */
async function serve(ctx: OpenedContext['ctx'], io: CliIo, signals: NodeJS.EventEmitter, listen: ReturnType<typeof apiListenAddress>): Promise<void> {
  const logger = createLogger(ctx.config, io.stderr);
  const ports = createRecoveryPorts(ctx.config);
  const rollouts = new RolloutEngine({ store: ctx.store, clock: ctx.clock });
  const deps = { ...ctx, ...ports, logger, orcHost: hostname(), version: ORC_VERSION, seeds: seedDepsFor(ctx.store, ctx.agentClient), rollouts };
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
