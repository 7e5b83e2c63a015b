import type { Command } from '@commander-js/extra-typings';
import type { ApiMode } from '../api-mode.js';
import { writeJson, writeLine, type CliIo } from '../cli-io.js';
import { clusterOverviewJson, clustersText, type ClusterOverviewJson } from '../format/clusters-json.js';
import { overApiOrStore } from '../run-command.js';

/** `orc clusters`: every known cluster with its primary, health counts and whether orc would recover it now. */
export function registerClusters(program: Command, io: CliIo, mode: ApiMode): void {
  program
    .command('clusters')
    .description('list known clusters, with whether orc would recover each one now and why not')
    .option('--config <path>', 'config file (default: $ORC_CONFIG)')
    .option('--json', 'print JSON')
    .action(async (opts) => {
      const { clustersOverview } = await import('../../../core/commands/clusters-overview.js');
      const clusters = await overApiOrStore(
        mode,
        opts.config,
        async (api) => (await api.get('/api/clusters-info')) as ClusterOverviewJson[],
        async ({ ctx }) => (await clustersOverview(ctx)).map(clusterOverviewJson),
      );
      if (opts.json) writeJson(io.stdout, clusters);
      else for (const line of clustersText(clusters)) writeLine(io.stdout, line);
    });
}
