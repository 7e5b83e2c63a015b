import type { Command } from '@commander-js/extra-typings';
import { listNodes } from '../../../core/commands/list-nodes.js';
import { writeJson, writeLine, type CliIo } from '../cli-io.js';
import { nodeJson, nodesText } from '../format/nodes-text.js';
import { withContext } from '../run-command.js';

/** `orc nodes [--json]`: the orc services using this store, with their role and when each was last seen. */
export function registerNodes(program: Command, io: CliIo): void {
  program
    .command('nodes')
    .description('list the orc services using this store: host, version, started, last seen, role (stale after 3 lease periods)')
    .option('--config <path>', 'config file (default: $ORC_CONFIG)')
    .option('--json', 'print JSON')
    .action(async (opts) => {
      await withContext(opts.config, async ({ ctx }) => {
        const nodes = await listNodes(ctx);
        if (opts.json) writeJson(io.stdout, nodes.map(nodeJson));
        else for (const line of nodesText(nodes)) writeLine(io.stdout, line);
      });
    });
}
