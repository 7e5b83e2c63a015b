import type { Command } from '@commander-js/extra-typings';
import { discover } from '../../../core/commands/discover.js';
import { formatInstanceKey } from '../../../core/model/instance-key.js';
import { writeJson, writeLine, type CliIo } from '../cli-io.js';
import { topologyJson } from '../format/topology-json.js';
import { topologyText } from '../format/topology-text.js';
import { withContext } from '../run-command.js';

/** `orc discover HOST:PORT`: crawls a topology from any of its servers into the store. */
export function registerDiscover(program: Command, io: CliIo): void {
  program
    .command('discover')
    .description('discover the whole topology around HOST:PORT (up to its primary, down through its replicas)')
    .argument('<host:port>', 'any server of the topology')
    .option('--config <path>', 'config file (default: $ORC_CONFIG)')
    .option('--json', 'print JSON')
    .action(async (target, opts) => {
      await withContext(opts.config, async ({ ctx }) => {
        const result = await discover(ctx, target);
        if (opts.json) {
          writeJson(io.stdout, {
            reached: result.crawl.reached.map(formatInstanceKey),
            unreachable: result.crawl.failed.map((f) => ({ instance: formatInstanceKey(f.key), error: f.error })),
            topology: topologyJson(result.topology),
          });
          return;
        }
        writeLine(io.stdout, `discovered ${result.crawl.reached.length} reachable, ${result.crawl.failed.length} unreachable`);
        for (const line of topologyText(result.topology)) writeLine(io.stdout, line);
      });
    });
}
