import type { Command } from '@commander-js/extra-typings';
import { listClusters } from '../../../core/commands/list-clusters.js';
import { formatInstanceKey } from '../../../core/model/instance-key.js';
import { writeJson, writeLine, type CliIo } from '../cli-io.js';
import { withContext } from '../run-command.js';

/** `orc clusters`: every known cluster with its primary and health counts. */
export function registerClusters(program: Command, io: CliIo): void {
  program
    .command('clusters')
    .description('list known clusters')
    .option('--config <path>', 'config file (default: $ORC_CONFIG)')
    .option('--json', 'print JSON')
    .action(async (opts) => {
      await withContext(opts.config, async ({ ctx }) => {
        const clusters = await listClusters(ctx);
        if (opts.json) {
          writeJson(
            io.stdout,
            clusters.map((c) => ({
              name: c.cluster.name,
              alias: c.cluster.alias,
              primary: formatInstanceKey(c.cluster.primary),
              primaryReachable: c.primaryReachable,
              instances: c.instances,
              reachable: c.reachable,
              withProblems: c.withProblems,
            })),
          );
          return;
        }
        if (clusters.length === 0) writeLine(io.stdout, 'no clusters known: run `orc discover HOST:PORT` or `orc serve`');
        for (const c of clusters) {
          const health = c.primaryReachable ? '' : '  PRIMARY UNREACHABLE';
          writeLine(
            io.stdout,
            `${c.cluster.alias ?? '-'}  ${c.cluster.name}  instances ${c.reachable}/${c.instances} reachable  problems ${c.withProblems}${health}`,
          );
        }
      });
    });
}
