import type { Command } from '@commander-js/extra-typings';
import { formatInstanceKey } from '../../../core/model/instance-key.js';
import { instancePath, segment, type ApiMode } from '../api-mode.js';
import { writeJson, writeLine, type CliIo } from '../cli-io.js';
import { topologyJson } from '../format/topology-json.js';
import { topologyText } from '../format/topology-text.js';
import { overApiOrStore } from '../run-command.js';

interface DiscoverJson {
  readonly reached: string[];
  readonly unreachable: { instance: string; error: string }[];
  readonly topology: { cluster: { name: string } };
}

/** `orc discover HOST:PORT`: crawls a topology from any of its servers into the store. */
export function registerDiscover(program: Command, io: CliIo, mode: ApiMode): void {
  program
    .command('discover')
    .description('discover the whole topology around HOST:PORT (up to its primary, down through its replicas)')
    .argument('<host:port>', 'any server of the topology')
    .option('--config <path>', 'config file (default: $ORC_CONFIG)')
    .option('--json', 'print JSON')
    .action(async (target, opts) => {
      const { discover } = await import('../../../core/commands/discover.js');
      const { json, lines } = await overApiOrStore(
        mode,
        opts.config,
        async (api) => {
          const json = (await api.post(`/api/discover/${instancePath(target)}`)) as DiscoverJson;
          // The API answers the tree as JSON; its text lines are a read of the cluster just recorded.
          const lines = opts.json ? [] : ((await api.get(`/api/topology/${segment(json.topology.cluster.name)}`)) as { lines: string[] }).lines;
          return { json, lines };
        },
        async ({ ctx }) => {
          const result = await discover(ctx, target);
          const json = {
            reached: result.crawl.reached.map(formatInstanceKey),
            unreachable: result.crawl.failed.map((f) => ({ instance: formatInstanceKey(f.key), error: f.error })),
            topology: topologyJson(result.topology),
          };
          return { json, lines: topologyText(result.topology) };
        },
      );
      if (opts.json) {
        writeJson(io.stdout, json);
        return;
      }
      writeLine(io.stdout, `discovered ${json.reached.length} reachable, ${json.unreachable.length} unreachable`);
      for (const line of lines) writeLine(io.stdout, line);
    });
}
