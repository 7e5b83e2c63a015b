import { existsSync } from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';
import { toOrcError } from '../core/errors.js';
import {
  freezeServer,
  healServer,
  isolateServer,
  killAgent,
  killServer,
  labDown,
  labInfo,
  labStatus,
  labUp,
  partitionServer,
  startAgent,
  startServer,
  stopServer,
  thawServer,
  type LabHeartbeatMode,
  type LabInfo,
  type LabRef,
  type LabStatus,
} from './lab.js';
import { LAB_HEARTBEAT_MODES } from './lab-heartbeat.js';
import { labOwningPort } from './lab-owning-port.js';
import { labPaths } from './lab-paths.js';

const DEFAULT_NAME = 'orc-lab';
const DEFAULT_BASE_PORT = 23306;

function intArg(min: number, max: number) {
  return (text: string): number => {
    if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
      throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}`);
    }
    return Number(text);
  };
}

function heartbeatArg(text: string): LabHeartbeatMode {
  const mode = LAB_HEARTBEAT_MODES.find((m) => m === text);
  if (mode === undefined) throw new InvalidArgumentError(`expected one of ${LAB_HEARTBEAT_MODES.join(', ')}`);
  return mode;
}

function formatUp(info: LabInfo, ms: number): string {
  const lines = [`lab ${info.name} is up in ${(ms / 1000).toFixed(1)} s (${info.dir})`];
  for (const i of info.instances) {
    const from = i.source === null ? '' : `  replicates from ${i.source}`;
    lines.push(`  127.0.0.1:${i.port}  ${i.role.padEnd(12)}  pid ${i.pid}${from}`);
  }
  const hb = info.heartbeat;
  lines.push(`replicas: heartbeat ${hb.periodSeconds} s, slave_net_timeout ${hb.slaveNetTimeoutSeconds} s (${hb.mode})` +
    `${info.reportHost ? '' : ', no report_host/report_port'}`);
  for (const a of info.agents) lines.push(`  agent of ${a.serverPort}: ${a.url}  pid ${a.pid}  (config ${a.config})`);
  if (info.orcApi) lines.push(`agents register with orc at http://${info.orcApi.host}:${info.orcApi.port} (token in ${info.dir}/lab.json)`);
  lines.push(`orc config: ${info.config}`);
  lines.push(`accounts: admin ${info.user}, topology ${info.topologyUser}, replication ${info.replicationUser}, app ${info.appUser} (passwords in ${info.dir}/lab.json)`);
  lines.push(`shell: mariadb --defaults-file=${info.instances[0]?.cnf ?? ''}`);
  return lines.join('\n');
}

function formatStatus(status: LabStatus): string {
  const lines = [`lab ${status.name} (${status.dir})`];
  for (const i of status.instances) {
    const state = !i.alive ? 'dead' : i.frozen ? 'frozen' : 'running';
    const parts = [`  ${String(i.port).padEnd(5)}  ${i.role.padEnd(12)}  pid ${String(i.pid).padEnd(7)}  ${state.padEnd(7)}`];
    if (i.partitioned) parts.push('partitioned');
    if (i.isolated) parts.push('isolated');
    if (i.readOnly !== null) parts.push(i.readOnly ? 'read_only' : 'writable');
    if (i.replication) {
      const r = i.replication;
      parts.push(`io=${r.ioRunning} sql=${r.sqlRunning} from ${r.masterPort}`);
      if (r.lastIoErrno !== 0) parts.push(`io_error ${r.lastIoErrno}`);
      if (r.lastSqlErrno !== 0) parts.push(`sql_error ${r.lastSqlErrno}`);
    } else if (i.source !== null && i.alive && !i.frozen && i.error === null) {
      parts.push('not replicating');
    }
    if (i.error) parts.push(`(${i.error})`);
    lines.push(parts.join('  '));
  }
  for (const a of status.agents) lines.push(`  agent of ${a.serverPort} on ${a.port}  pid ${String(a.pid).padEnd(7)}  ${a.alive ? 'running' : 'dead'}`);
  return lines.join('\n');
}

function main(argv: string[], signal: AbortSignal): Promise<unknown> {
  const program = new Command('lab')
    .description('A MariaDB GTID replication lab on 127.0.0.1 for orc tests and demos')
    .configureOutput({ outputError: (text, write) => write(`lab: ${text.replace(/^error: /, '')}`) });
  const ref = (o: { root?: string }): LabRef => ({ root: o.root, signal });
  const nameOpt = ['--name <name>', 'lab name', DEFAULT_NAME] as const;
  const rootOpt = ['--root <dir>', 'labs root directory (default <tmpdir>/orc-labs)'] as const;
  // Fault verbs name a server by its port, and a port belongs to at most one lab: --name is only needed to disambiguate.
  const ownerOpt = ['--name <name>', 'lab name (default: the lab that has a server on this port)'] as const;
  const owner = (o: { name?: string; root?: string }, port: number): string => o.name ?? labOwningPort(port, o.root);

  program
    .command('up')
    .description('build a lab from nothing: a primary, --replicas replicas of it, a --chain below the first replica')
    .option(...nameOpt)
    .option('--base-port <port>', 'port of the primary; server i listens on base+i', intArg(1024, 65535), DEFAULT_BASE_PORT)
    .option('--replicas <k>', 'direct replicas of the primary', intArg(0, 30), 2)
    .option('--chain <c>', 'replicas chained below the first replica', intArg(0, 30), 1)
    .option('--no-report-host', 'start servers without report_host/report_port (SHOW SLAVE HOSTS cannot name them)')
    .option('--heartbeat <mode>', 'replica heartbeat: fast (0.5 s, slave_net_timeout 4) or server-default (no MASTER_HEARTBEAT_PERIOD, slave_net_timeout 60)', heartbeatArg, 'fast' as LabHeartbeatMode)
    .option('--spare <n>', 'standalone servers after the topology: the lab accounts, no data, not replicating (seed targets)', intArg(0, 30), 0)
    .option('--agents', 'start a seed agent (orc agent) per server on base+20+i; agents register with an orc API on base+40')
    .option('--json', 'print the lab as JSON')
    .option(...rootOpt)
    .action(async (o: { name: string; basePort: number; replicas: number; chain: number; reportHost: boolean; heartbeat: LabHeartbeatMode; spare: number; agents?: boolean; json?: boolean; root?: string }) => {
      const started = Date.now();
      const info = await labUp({
        name: o.name,
        basePort: o.basePort,
        replicas: o.replicas,
        chain: o.chain,
        reportHost: o.reportHost,
        heartbeat: o.heartbeat,
        spares: o.spare,
        agents: o.agents ?? false,
        root: o.root,
        signal,
      });
      process.stdout.write(`${o.json ? JSON.stringify(info, null, 2) : formatUp(info, Date.now() - started)}\n`);
    });

  program
    .command('down')
    .description('stop every server of a lab, remove its nft table and its directory')
    .option(...nameOpt)
    .option(...rootOpt)
    .action(async (o: { name: string; root?: string }) => {
      const existed = existsSync(labPaths(o.name, o.root).dir);
      await labDown(o.name, ref(o));
      process.stdout.write(existed ? `lab ${o.name} is down\n` : `lab ${o.name} does not exist; nothing to do\n`);
    });

  program
    .command('status')
    .description("show each server's process, role and replication threads")
    .option(...nameOpt)
    .option('--json', 'print the status as JSON')
    .option(...rootOpt)
    .action(async (o: { name: string; json?: boolean; root?: string }) => {
      const status = await labStatus(o.name, ref(o));
      process.stdout.write(`${o.json ? JSON.stringify(status, null, 2) : formatStatus(status)}\n`);
    });

  program
    .command('info')
    .description("print a lab's recorded state (accounts, servers, pids) as JSON")
    .option(...nameOpt)
    .option(...rootOpt)
    .action(async (o: { name: string; root?: string }) => {
      process.stdout.write(`${JSON.stringify(await labInfo(o.name, ref(o)), null, 2)}\n`);
    });

  const faults = [
    ['kill', 'kill one server with SIGKILL', killServer],
    ['stop', 'shut one server down cleanly', stopServer],
    ['start', 'restart a stopped or killed server with its own cnf', startServer],
    ['freeze', 'freeze one server with SIGSTOP', freezeServer],
    ['thaw', 'resume a frozen server with SIGCONT', thawServer],
    ['partition', "cut all loopback traffic of one server (nft, root)", partitionServer],
    ['isolate', "cut only non-lab clients (orc) off one server's port; replication keeps flowing (nft, root)", isolateServer],
    ['heal', 'remove the partition or isolation of one server', healServer],
  ] as const;
  for (const [verb, description, run] of faults) {
    program
      .command(verb)
      .description(description)
      .argument('<port>', 'port of the server', intArg(1, 65535))
      .option(...ownerOpt)
      .option(...rootOpt)
      .action(async (port: number, o: { name?: string; root?: string }) => {
        const name = owner(o, port);
        await run(name, port, ref(o));
        process.stdout.write(`lab ${name}: ${verb} ${port}: done\n`);
      });
  }
  const agentVerbs = [
    ['agent-kill', 'kill the seed agent of one server with SIGKILL (its seed state stays on disk)', killAgent],
    ['agent-start', 'start the seed agent of one server again and wait until it answers', startAgent],
  ] as const;
  for (const [verb, description, run] of agentVerbs) {
    program
      .command(verb)
      .description(description)
      .requiredOption('--port <port>', 'port of the server the agent serves', intArg(1, 65535))
      .option(...ownerOpt)
      .option(...rootOpt)
      .action(async (o: { port: number; name?: string; root?: string }) => {
        const name = owner(o, o.port);
        await run(name, o.port, ref(o));
        process.stdout.write(`lab ${name}: ${verb} ${o.port}: done\n`);
      });
  }
  return program.parseAsync(argv);
}

const controller = new AbortController();
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => controller.abort());
main(process.argv, controller.signal).catch((err: unknown) => {
  process.stderr.write(`lab: ${toOrcError(err).message}\n`);
  process.exitCode = 1;
});
