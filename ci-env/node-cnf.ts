import type { NodePaths } from './lab-paths.js';

/** Settings of one lab server's option file. */
export interface NodeCnfParams {
  port: number;
  serverId: number;
  paths: NodePaths;
  /** Adds user=root, which mariadbd needs to run as root. */
  asRoot: boolean;
  /** slave_net_timeout in seconds; null leaves the server's default (60 s). */
  slaveNetTimeout: number | null;
  /** Writes report_host/report_port, so SHOW SLAVE HOSTS on the source names this server. */
  reportHost: boolean;
}

/**
 * Renders a server's option file. read_only is ON for every node, so a restarted old primary comes back fenced;
 * the [client] group lets `mariadb --defaults-file=CNF` reach the server through its socket as root. It includes,
 * last, the option file a lab agent persists rollout variables in (the server skips it while it does not exist).
 */
export function renderNodeCnf(p: NodeCnfParams): string {
  const server = [
    '[mariadbd]',
    ...(p.asRoot ? ['user=root'] : []),
    `port=${p.port}`,
    'bind-address=127.0.0.1',
    `socket=${p.paths.socket}`,
    `pid-file=${p.paths.pidFile}`,
    `datadir=${p.paths.datadir}`,
    // Temporary tables in the node's own directory: a shared /tmp may be cleaned under a running server.
    `tmpdir=${p.paths.dir}`,
    `server_id=${p.serverId}`,
    ...(p.reportHost ? ['report_host=127.0.0.1', `report_port=${p.port}`] : []),
    'skip-name-resolve',
    'read_only=ON',
    'log_bin=mariadb-bin',
    'log_bin_index=mariadb-bin.index',
    'relay_log=relay-bin',
    'relay_log_index=relay-bin.index',
    'log_slave_updates=ON',
    'binlog_format=ROW',
    'gtid_strict_mode=ON',
    ...(p.slaveNetTimeout === null ? [] : [`slave_net_timeout=${p.slaveNetTimeout}`]),
    'performance_schema=OFF',
    'innodb_buffer_pool_size=16M',
    // Without the max, each server reserves terabytes of address space for a buffer pool that might grow.
    'loose-innodb_buffer_pool_size_max=16M',
    'innodb_log_file_size=16M',
    // The default 12M temporary tablespace is written out in full at every start.
    'innodb_temp_data_file_path=ibtmp1:1M:autoextend',
    'innodb_buffer_pool_load_at_startup=OFF',
    'innodb_buffer_pool_dump_at_shutdown=OFF',
    // A killed process loses nothing the OS already holds, and lab tests only kill processes, never the machine.
    'innodb_flush_log_at_trx_commit=2',
    'open_files_limit=4096',
  ];
  const client = ['[client]', `socket=${p.paths.socket}`, `port=${p.port}`, 'user=root'];
  return [...server, '', ...client, '', `!include ${p.paths.rolloutCnf}`, ''].join('\n');
}
