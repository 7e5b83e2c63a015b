import type { Command } from '@commander-js/extra-typings';
import { segment, type ApiMode } from '../api-mode.js';
import { writeJson, writeLine, type CliIo } from '../cli-io.js';
import { analysisJson, analysisJsonText, type ClusterAnalysisJson } from '../format/analysis-text.js';
import { overApiOrStore } from '../run-command.js';

/** `orc analysis [CLUSTER]`: failure and structure findings per instance, and per cluster whether orc would recover now. */
export function registerAnalysis(program: Command, io: CliIo, mode: ApiMode): void {
  program
    .command('analysis')
    .description('replication analysis over what orc knows: codes per instance, and whether orc would recover each cluster now')
    .argument('[cluster]', 'cluster name, alias or any member HOST:PORT (default: all)')
    .option('--config <path>', 'config file (default: $ORC_CONFIG)')
    .option('--json', 'print JSON')
    .action(async (cluster, opts) => {
      const { clusterAnalysis } = await import('../../../core/commands/cluster-analysis.js');
      const results = await overApiOrStore(
        mode,
        opts.config,
        async (api) => (await api.get(cluster === undefined ? '/api/replication-analysis' : `/api/replication-analysis/${segment(cluster)}`)) as ClusterAnalysisJson[],
        async ({ ctx }) => analysisJson(await clusterAnalysis(ctx, cluster)),
      );
      if (opts.json) writeJson(io.stdout, results);
      else for (const line of analysisJsonText(results)) writeLine(io.stdout, line);
    });
}
