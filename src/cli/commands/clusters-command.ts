import type { Command } from '@commander-js/extra-typings';
import { clustersOverview } from '../../../core/commands/clusters-overview.js';
import { writeJson, writeLine, type CliIo } from '../cli-io.js';
import { clusterOverviewJson } from '../format/clusters-json.js';
import { readinessLines } from '../format/readiness-text.js';
import { withContext } from '../run-command.js';

/** `orc clusters`: every known cluster with its primary, health counts and whether orc would recover it now. */
export function registerClusters(program: Command, io: CliIo): void {
  program
    .command('clusters')
    .description('list known clusters, with whether orc would recover each one now and why not')
    .option('--config <path>', 'config file (default: $ORC_CONFIG)')
    .option('--json', 'print JSON')
    .action(async (opts) => {
      await withContext(opts.config, async ({ ctx }) => {
        const clusters = await clustersOverview(ctx);
        if (opts.json) {
          writeJson(io.stdout, clusters.map(clusterOverviewJson));
          return;
        }
        if (clusters.length === 0) writeLine(io.stdout, 'no clusters known: run `orc discover HOST:PORT` or `orc serve`');
        for (const c of clusters) {
          const health = c.headless !== null ? '  NO WRITABLE PRIMARY' : c.primaryReachable ? '' : '  PRIMARY UNREACHABLE';
          writeLine(
            io.stdout,
            `${c.cluster.alias ?? '-'}  ${c.cluster.name}  instances ${c.reachable}/${c.instances} reachable  problems ${c.withProblems}${health}`,
          );
          if (c.headless !== null) writeLine(io.stdout, `  CRITICAL: ${c.headless}`);
          for (const line of readinessLines(c.recovery, c.error)) writeLine(io.stdout, `  ${line}`);
        }
      });
    });
}
