import { agentAlive } from './agent-process.js';
import { labAgent, labInstance, readLabState, toLabInfo } from './lab-state.js';
import type { LabInfo, LabInstanceStatus, LabRef, LabStatus } from './lab-types.js';
import { faultedPorts } from './nft-partition.js';
import { replicaStatus } from './replication-sql.js';
import { serverState } from './server-process.js';
import { sqlRows, withSocket } from './sql-socket.js';

/** A lab's recorded state: accounts, servers and their current pids (no server is contacted). */
export async function labInfo(name: string, opts: LabRef = {}): Promise<LabInfo> {
  return toLabInfo(readLabState(name, opts.root).state);
}

/** Each server's process state and, for those that answer on their socket, read_only, GTID and replica threads; each agent's process state. */
export async function labStatus(name: string, opts: LabRef = {}): Promise<LabStatus> {
  const { state } = readLabState(name, opts.root);
  const faulted = await faultedPorts(name, opts.signal);
  const instances = await Promise.all(
    state.instances.map(async (planned): Promise<LabInstanceStatus> => {
      const inst = labInstance(state, planned.port);
      const proc = serverState(inst.pid, inst.cnf);
      const status: LabInstanceStatus = {
        port: inst.port,
        role: inst.role,
        serverId: inst.serverId,
        source: inst.source,
        pid: inst.pid,
        alive: proc !== 'dead',
        frozen: proc === 'frozen',
        partitioned: faulted.partition.has(inst.port),
        isolated: faulted.isolate.has(inst.port),
        readOnly: null,
        gtidCurrentPos: null,
        replication: null,
        error: null,
      };
      if (proc !== 'running') return status;
      try {
        await withSocket(
          inst.socket,
          async (c) => {
            const row = (await sqlRows(c, 'SELECT @@read_only AS ro, @@gtid_current_pos AS pos', [], 2000))[0];
            status.readOnly = Number(row?.ro) === 1;
            status.gtidCurrentPos = String(row?.pos ?? '');
            status.replication = await replicaStatus(c);
          },
          { connectTimeoutMs: 2000, signal: opts.signal },
        );
      } catch (err) {
        status.error = (err as Error).message;
      }
      return status;
    }),
  );
  const agents = (state.agents?.list ?? []).map((a) => {
    const agent = labAgent(state, a.serverPort);
    return { serverPort: a.serverPort, port: a.port, pid: agent.pid, alive: agentAlive(agent.pid, agent.config) };
  });
  return { name: state.name, dir: state.dir, instances, agents };
}
