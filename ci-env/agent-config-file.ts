import { writeFile } from 'node:fs/promises';
import { agentPaths, nodePaths } from './lab-paths.js';
import type { LabState } from './lab-state.js';

/** Agent i of a lab listens on basePort + 20 + i. */
export const AGENT_PORT_OFFSET = 20;
/** The orc API a lab's agents register with listens on basePort + 40. */
export const ORC_API_PORT_OFFSET = 40;

/**
 * The agent config (src/agent/agent-config.ts schema) of the server on serverPort: the lab's admin account through
 * the server's socket, the lab's cnf and datadir, registration with the lab's orc API every second, and the option
 * file the server's cnf includes for rollouts.
 */
export function renderAgentConfig(state: LabState, serverPort: number, agentPort: number): Record<string, unknown> {
  const node = nodePaths(state.dir, serverPort);
  const paths = agentPaths(state.dir, serverPort);
  return {
    listen: `127.0.0.1:${agentPort}`,
    token: state.agents!.token,
    orc: { url: `http://127.0.0.1:${state.agents!.orcApiPort}`, registerIntervalMs: 1000 },
    server: {
      host: '127.0.0.1',
      port: serverPort,
      cnf: node.cnf,
      datadir: node.datadir,
      socket: node.socket,
      user: state.accounts.admin.user,
      password: state.accounts.admin.password,
    },
    workDir: paths.workDir,
    rollouts: { optionFile: node.rolloutCnf },
    log: { level: 'info', file: paths.log },
  };
}

/** Writes the config of the agent of serverPort, readable by its owner only (it holds the token and a password). */
export async function writeAgentConfig(state: LabState, serverPort: number, agentPort: number): Promise<void> {
  const text = `${JSON.stringify(renderAgentConfig(state, serverPort, agentPort), null, 2)}\n`;
  await writeFile(agentPaths(state.dir, serverPort).config, text, { mode: 0o600 });
}
