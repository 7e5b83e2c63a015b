import type { Command } from '@commander-js/extra-typings';
import { clusterTopology } from '../../../core/commands/cluster-topology.js';
import { writeJson, writeLine, type CliIo } from '../cli-io.js';
import { topologyJson } from '../format/topology-json.js';
import { topologyText } from '../format/topology-text.js';
import { withContext } from '../run-command.js';

/** `orc topology CLUSTER|HOST:PORT`: the cluster's tree as orc last observed it. */
export function registerTopology(program: Command, io: CliIo): void {
  program
    .command('topology')
    .description('show the replication tree of a cluster')
    .argument('<cluster>', 'cluster name, alias, or HOST:PORT of any of its servers')
    .option('--config <path>', 'config file (default: $ORC_CONFIG)')
    .option('--json', 'print JSON')
    .action(async (hint, opts) => {
      await withContext(opts.config, async ({ ctx }) => {
        const topology = await clusterTopology(ctx, hint);
        if (opts.json) writeJson(io.stdout, topologyJson(topology));
        else for (const line of topologyText(topology)) writeLine(io.stdout, line);
      });
    });
}
