import type { Command } from '@commander-js/extra-typings';
import { clusterAnalysis } from '../../../core/commands/cluster-analysis.js';
import { writeJson, writeLine, type CliIo } from '../cli-io.js';
import { analysisJson, analysisText } from '../format/analysis-text.js';
import { withContext } from '../run-command.js';

/** `orc analysis [CLUSTER]`: failure and structure findings per instance, and per cluster whether orc would recover now. */
export function registerAnalysis(program: Command, io: CliIo): void {
  program
    .command('analysis')
    .description('replication analysis over what orc knows: codes per instance, and whether orc would recover each cluster now')
    .argument('[cluster]', 'cluster name, alias or any member HOST:PORT (default: all)')
    .option('--config <path>', 'config file (default: $ORC_CONFIG)')
    .option('--json', 'print JSON')
    .action(async (cluster, opts) => {
      await withContext(opts.config, async ({ ctx }) => {
        const results = await clusterAnalysis(ctx, cluster);
        if (opts.json) writeJson(io.stdout, analysisJson(results));
        else for (const line of analysisText(results)) writeLine(io.stdout, line);
      });
    });
}
