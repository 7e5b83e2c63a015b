import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { OperationError } from '../../core/errors.js';
import { hookBaseEnv } from '../../core/hooks/spawn-hook-runner.js';
import type { Logger } from '../../core/ports/logger.js';
import { ORC_VERSION } from '../cli/orc-version.js';
import type { AgentConfig } from './agent-config.js';
import { collectAgentInfo } from './agent-info.js';
import { startRegistration, type Registration } from './agent-registration.js';
import { createAgentServer } from './agent-server.js';
import { renderClientOptionFile, writeSecretFile } from './option-file.js';
import { PersistedVariablesFile } from './persisted-variables-file.js';
import { RolloutCommands } from './rollout-commands.js';
import { SeedAgent } from './seed-agent.js';
import { seedHost } from './seed-host.js';
import { SeedStateFile } from './seed-state-file.js';
import { mariadbSeedWork } from './seed-work-factory.js';

/** A listening agent: the address it is bound to and how to stop it. */
export interface RunningAgent {
  readonly port: number;
  readonly url: string;
  /** Stops registering, closes the API and stops the seed's programs (its state stays for the next run). */
  close(): Promise<void>;
}

async function installedVersion(config: AgentConfig): Promise<string | null> {
  if (config.programs.mariadbd === null) return null;
  try {
    const { stdout } = await promisify(execFile)(config.programs.mariadbd, ['--no-defaults', '--version'], { env: { ...config.childEnv }, timeout: 10_000 });
    return stdout.trim();
  } catch {
    return null;
  }
}

/**
 * Starts an agent from its config: its work directory (0700) and option file (0600), its seed state (a seed left by
 * a previous run is taken over), its HTTP API, and its registration with orc when configured.
 */
export async function runAgent(config: AgentConfig, logger: Logger): Promise<RunningAgent> {
  await mkdir(config.workDir, { recursive: true, mode: 0o700 });
  const optionFile = join(config.workDir, 'client.cnf');
  await writeSecretFile(optionFile, renderClientOptionFile(config.server.cnf, config.server.user, config.server.password));
  const read = (file: string, what: string): Buffer => {
    try {
      return readFileSync(file);
    } catch (err) {
      throw new OperationError(`cannot read the ${what} ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
  };
  const tls = config.tls ? { cert: read(config.tls.cert, 'TLS certificate'), key: read(config.tls.key, 'TLS key') } : null;
  const ca = config.tls?.ca ? read(config.tls.ca, 'CA file') : null;
  const host = seedHost(config, optionFile, ca);
  const seeds = await SeedAgent.open({
    stateFile: new SeedStateFile(join(config.workDir, 'seed-state.json')),
    work: mariadbSeedWork(host),
    childEnv: config.childEnv,
    postSeedCommand: config.postSeedCommand,
    logger,
  });
  const binaryVersion = await installedVersion(config);
  const info = () => collectAgentInfo({ config, files: host.files(), activeSeed: seeds.activeSeed(), agentVersion: ORC_VERSION, binaryVersion });
  const persisted = new PersistedVariablesFile(config.rollouts.optionFile);
  // Commands run in the work directory with the agent's child environment (PATH, HOME, LANG) only.
  const commands = new RolloutCommands(config.rollouts.commands, hookBaseEnv(config.childEnv), config.workDir, logger);
  const app = createAgentServer({ token: config.token, tls, info, seeds, persisted, commands, logger });
  try {
    await app.listen({ host: config.listen.host, port: config.listen.port });
  } catch (err) {
    await app.close();
    await seeds.close();
    throw new OperationError(`the agent cannot listen on ${config.listen.host}:${config.listen.port}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const bound = app.server.address();
  const port = bound !== null && typeof bound === 'object' ? bound.port : config.listen.port;
  logger.info({ listen: `${config.listen.host}:${port}`, url: config.advertiseUrl, activeSeed: seeds.activeSeed() }, 'agent listening');
  let registration: Registration | null = null;
  if (config.orc) {
    registration = startRegistration({
      orcUrl: config.orc.url,
      intervalMs: config.orc.registerIntervalMs,
      token: config.token,
      ca,
      timeoutMs: config.requestTimeoutMs,
      body: async () => ({ url: config.advertiseUrl, host: config.server.host, port: config.server.port, info: await info() }),
      logger,
    });
  }
  return {
    port,
    url: config.advertiseUrl,
    close: async () => {
      await registration?.stop();
      await app.close();
      await commands.close();
      await seeds.close();
    },
  };
}
