import type { Command } from '@commander-js/extra-typings';
import { segment, type ApiMode } from '../api-mode.js';
import { writeJson, writeLine, type CliIo } from '../cli-io.js';
import { topologyJson } from '../format/topology-json.js';
import { topologyText } from '../format/topology-text.js';
import { overApiOrStore } from '../run-command.js';

/** `orc topology CLUSTER|HOST:PORT`: the cluster's tree as orc last observed it. */
export function registerTopology(program: Command, io: CliIo, mode: ApiMode): void {
  program
    .command('topology')
    .description('show the replication tree of a cluster')
    .argument('<cluster>', 'cluster name, alias, or HOST:PORT of any of its servers')
    .option('--config <path>', 'config file (default: $ORC_CONFIG)')
    .option('--json', 'print JSON')
    .action(async (hint, opts) => {
      const { clusterTopology } = await import('../../../core/commands/cluster-topology.js');
      // The API serves the JSON form and the text lines at two paths; the direct mode formats one snapshot both ways.
      const out = await overApiOrStore(
        mode,
        opts.config,
        async (api) => (opts.json ? await api.get(`/api/cluster/${segment(hint)}`) : ((await api.get(`/api/topology/${segment(hint)}`)) as { lines: string[] }).lines),
        async ({ ctx }) => {
          const topology = await clusterTopology(ctx, hint);
          return opts.json ? topologyJson(topology) : topologyText(topology);
        },
      );
      if (opts.json) writeJson(io.stdout, out);
      else for (const line of out as string[]) writeLine(io.stdout, line);
    });
}
