import { mkdir, writeFile } from 'node:fs/promises';
import { isRoot } from './find-program.js';
import { nanoid } from 'nanoid';
import { AGENT_PORT_OFFSET, ORC_API_PORT_OFFSET, writeAgentConfig } from './agent-config-file.js';
import { createAccounts, createSpareAccounts, newAccounts } from './lab-accounts.js';
import { startLabAgents } from './lab-agents.js';
import { labDown, removeLab } from './lab-down.js';
import { LAB_HEARTBEAT_MODES, LAB_HEARTBEAT_PERIOD_S, SLAVE_NET_TIMEOUT_S, type LabHeartbeatMode } from './lab-heartbeat.js';
import { abortedOr, labError, throwIfAborted } from './lab-error.js';
import { labPaths, listNodePorts, nodePaths, type LabPaths } from './lab-paths.js';
import { toLabInfo, writeLabState, type LabState } from './lab-state.js';
import type { LabInfo, LabOptions } from './lab-types.js';
import { ensureMariadb } from './mariadb-binaries.js';
import { renderNodeCnf } from './node-cnf.js';
import { writeOrcConfig } from './orc-config-file.js';
import { takenPorts } from './port-check.js';
import { wireReplication, type LabNode } from './replication-bringup.js';
import { gtidBinlogPos } from './replication-sql.js';
import { runChecked } from './run-command.js';
import { currentServerPid, serverState, spawnServer } from './server-process.js';
import { sqlRows, withSocket } from './sql-socket.js';
import { planTopology } from './topology-plan.js';
import { ensureTemplate } from './template-datadir.js';
import { waitForServer } from './wait-for-server.js';

async function refuseIfBusy(paths: LabPaths, ports: number[], opts: LabOptions): Promise<void> {
  const alive = listNodePorts(paths.dir).filter((port) => {
    const p = nodePaths(paths.dir, port);
    return serverState(currentServerPid(p), p.cnf) !== 'dead';
  });
  if (alive.length > 0) {
    throw labError(`lab "${opts.name}" is already up (${paths.dir}); run: ci-env/lab down --name ${opts.name}`, { name: opts.name });
  }
  // A dead or half-built lab of the same name is ours to clear.
  await labDown(opts.name, { root: opts.root, signal: opts.signal });
  const taken = await takenPorts(ports);
  if (taken.length > 0) {
    const list = taken.join(', ');
    throw labError(`${taken.length === 1 ? 'port' : 'ports'} ${list} ${taken.length === 1 ? 'is' : 'are'} already in use on 127.0.0.1`, { ports: taken });
  }
}

async function prepareNode(node: LabNode, template: string, asRoot: boolean, state: LabState): Promise<void> {
  await mkdir(node.paths.dir, { mode: 0o700 });
  const cnf = renderNodeCnf({
    port: node.port,
    serverId: node.serverId,
    paths: node.paths,
    asRoot,
    slaveNetTimeout: state.heartbeat === 'server-default' ? null : SLAVE_NET_TIMEOUT_S,
    reportHost: state.reportHost ?? true,
  });
  await writeFile(node.paths.cnf, cnf, { mode: 0o600 });
  await runChecked('cp', ['-a', template, node.paths.datadir]);
}

/**
 * Builds a lab from nothing: one cached template datadir copied per server, all servers started in parallel,
 * accounts created on the primary (and on each spare without binary logging), replication configured, and returns
 * once a write on the primary reached every replica and, with agents, every agent answers. A failed bring-up leaves
 * nothing behind.
 */
export async function labUp(opts: LabOptions): Promise<LabInfo> {
  const { signal } = opts;
  const plan = planTopology(opts.basePort, opts.replicas ?? 2, opts.chain ?? 1, opts.spares ?? 0);
  if (opts.agents && plan.length > ORC_API_PORT_OFFSET - AGENT_PORT_OFFSET) {
    throw labError(`a lab with agents has at most ${ORC_API_PORT_OFFSET - AGENT_PORT_OFFSET} servers, asked for ${plan.length}`);
  }
  const heartbeat: LabHeartbeatMode = opts.heartbeat ?? 'fast';
  if (!LAB_HEARTBEAT_MODES.includes(heartbeat)) {
    throw labError(`--heartbeat must be one of ${LAB_HEARTBEAT_MODES.join(', ')}, got "${String(heartbeat)}"`);
  }
  const paths = labPaths(opts.name, opts.root);
  const nodes: LabNode[] = plan.map((n) => ({ ...n, paths: nodePaths(paths.dir, n.port) }));
  const agents = opts.agents
    ? { token: nanoid(32), orcApiPort: opts.basePort + ORC_API_PORT_OFFSET, list: plan.map((n, i) => ({ serverPort: n.port, port: opts.basePort + AGENT_PORT_OFFSET + i })) }
    : undefined;
  const ports = [...plan.map((n) => n.port), ...(agents ? [...agents.list.map((a) => a.port), agents.orcApiPort] : [])];
  await refuseIfBusy(paths, ports, opts);
  const bins = await ensureMariadb(signal);
  const asRoot = isRoot();
  await mkdir(paths.root, { recursive: true, mode: 0o755 });
  const template = await ensureTemplate(paths.root, bins, asRoot, signal);
  throwIfAborted(signal);

  await mkdir(paths.dir, { mode: 0o700 });
  const state: LabState = {
    version: 1,
    name: opts.name,
    dir: paths.dir,
    config: paths.config,
    createdAt: new Date().toISOString(),
    asRoot,
    reportHost: opts.reportHost ?? true,
    heartbeat,
    accounts: newAccounts(),
    instances: plan.map(({ port, role, serverId, source }) => ({ port, role, serverId, source })),
    ...(agents ? { agents } : {}),
  };
  await writeLabState(paths, state);
  try {
    await Promise.all(nodes.map((n) => prepareNode(n, template, asRoot, state)));
    const pids = await Promise.all(nodes.map((n) => spawnServer(bins.mariadbd, n.paths, n.port, asRoot)));
    await Promise.all(nodes.map((n, i) => waitForServer(n.paths, n.port, pids[i]!, signal)));
    const primary = nodes[0]!;
    await Promise.all(nodes.filter((n) => n.role === 'spare').map((n) => withSocket(n.paths.socket, (c) => createSpareAccounts(c, state.accounts), { signal })));
    const marker = await withSocket(
      primary.paths.socket,
      async (c) => {
        await createAccounts(c, state.accounts);
        return gtidBinlogPos(c);
      },
      { signal },
    );
    await wireReplication(nodes, state.accounts.replication, marker, heartbeat === 'fast' ? LAB_HEARTBEAT_PERIOD_S : null, signal);
    await withSocket(primary.paths.socket, (c) => sqlRows(c, 'SET GLOBAL read_only = 0'), { signal });
    await writeOrcConfig(state);
    if (agents) {
      await Promise.all(agents.list.map((a) => writeAgentConfig(state, a.serverPort, a.port)));
      await startLabAgents(state, signal);
    }
  } catch (err) {
    // A half-built lab holds nothing worth a clean shutdown, and a server still starting ignores SIGTERM.
    await removeLab(opts.name, opts.root, 0).catch(() => undefined);
    throw abortedOr(err, signal);
  }
  return toLabInfo(state);
}
