import type { Command } from '@commander-js/extra-typings';
import type { ApiMode } from '../api-mode.js';
import { writeJson, writeLine, type CliIo } from '../cli-io.js';
import { nodeJson, nodesText, type NodeJson } from '../format/nodes-text.js';
import { overApiOrStore } from '../run-command.js';

/** `orc nodes [--json]`: the orc services using this store, with their role and when each was last seen. */
export function registerNodes(program: Command, io: CliIo, mode: ApiMode): void {
  program
    .command('nodes')
    .description('list the orc services using this store: host, version, started, last seen, role (stale after 3 lease periods)')
    .option('--config <path>', 'config file (default: $ORC_CONFIG)')
    .option('--json', 'print JSON')
    .action(async (opts) => {
      const { listNodes } = await import('../../../core/commands/list-nodes.js');
      const nodes = await overApiOrStore(
        mode,
        opts.config,
        async (api) => (await api.get('/api/nodes')) as NodeJson[],
        async ({ ctx }) => (await listNodes(ctx)).map(nodeJson),
      );
      if (opts.json) writeJson(io.stdout, nodes);
      else for (const line of nodesText(nodes)) writeLine(io.stdout, line);
    });
}
