import { statfs } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { AgentInfo } from '../../core/ports/agent-client.js';
import type { AgentConfig } from './agent-config.js';
import { availableMethods, serverFlavor } from './available-methods.js';
import { dirBytes } from './dir-bytes.js';
import { withLocalSql, type ServerFiles } from './local-server.js';
import { probeServer } from './server-control.js';
import { listUserDatabases } from './user-databases.js';

async function diskOf(dir: string): Promise<{ free: number; used: number }> {
  // While a seed set the datadir aside it may briefly not exist: its parent is on the same file system.
  for (const path of [dir, dirname(dir)]) {
    try {
      const s = await statfs(path);
      return { free: s.bavail * s.bsize, used: (s.blocks - s.bfree) * s.bsize };
    } catch {
      // try the parent
    }
  }
  return { free: 0, used: 0 };
}

/** What GET /api/info answers: the host's disk, the datadir, the server's user databases and state, the seed methods, the active seed. */
export async function collectAgentInfo(input: {
  config: AgentConfig;
  files: ServerFiles;
  activeSeed: string | null;
  agentVersion: string;
  /** `mariadbd --version` of the installed server, telling its family while the server is down. */
  binaryVersion: string | null;
}): Promise<AgentInfo> {
  const { config, files } = input;
  const [disk, datadirBytes, probe] = await Promise.all([diskOf(config.server.datadir), dirBytes(config.server.datadir), probeServer(config, files)]);
  const databases = probe.running ? await withLocalSql(config, files.socket, (c) => listUserDatabases(c, config.server.datadir)).catch(() => []) : [];
  return {
    host: config.server.host,
    mysqlPort: config.server.port,
    agentVersion: input.agentVersion,
    methods: availableMethods(serverFlavor(probe.version ?? input.binaryVersion), config.programs),
    datadir: config.server.datadir,
    diskFreeBytes: disk.free,
    diskUsedBytes: disk.used,
    datadirBytes,
    databases,
    activeSeed: input.activeSeed,
    serverRunning: probe.running,
    serverVersion: probe.version,
  };
}
