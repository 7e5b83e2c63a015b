import { join } from 'node:path';
import { OperationError } from '../../core/errors.js';
import type { AgentConfig } from './agent-config.js';
import { serverFiles, type ServerFiles } from './local-server.js';
import type { MariadbRun } from './mariadb-argv.js';

/** What the seed work of one host needs: the config, the server's files, the agent's option file and work paths. */
export interface SeedHost {
  readonly config: AgentConfig;
  /** The server's socket and pid file, read from its cnf when asked. */
  files(): ServerFiles;
  /** The agent's option file (server cnf + agent account), passed first to every MariaDB program. */
  readonly optionFile: string;
  /** Where a server the agent starts writes its output. */
  readonly serverLog: string;
  /** A CA to trust when streaming to another agent over https (null: the system's). */
  readonly peerCa: Buffer | null;
  /** How long a direct-copy receiver waits for the source to connect. */
  readonly receiverTimeoutMs: number;
}

const RECEIVER_TIMEOUT_MS = 60_000;

/** The seed host of an agent config (optionFile written by the caller). */
export function seedHost(config: AgentConfig, optionFile: string, peerCa: Buffer | null): SeedHost {
  return { config, files: () => serverFiles(config), optionFile, serverLog: join(config.workDir, 'server.log'), peerCa, receiverTimeoutMs: RECEIVER_TIMEOUT_MS };
}

/** The directory of a seed's temporary files under the work directory. */
export function seedTempDir(host: SeedHost, seedId: string): string {
  return join(host.config.workDir, `seed-${seedId}`);
}

/** How to run a program with the agent's option file, or an error naming the missing program. */
export function mariadbRun(host: SeedHost, program: string | null, name: string): MariadbRun {
  if (program === null) throw new OperationError(`${name} is not installed on this host (set programs in the agent config)`);
  return { program, optionFile: host.optionFile };
}
