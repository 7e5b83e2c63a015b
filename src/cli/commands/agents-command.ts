import type { Command } from '@commander-js/extra-typings';
import type { ApiMode } from '../api-mode.js';
import { writeJson, writeLine, type CliIo } from '../cli-io.js';
import { agentJson, agentsText, type AgentJson } from '../format/agents-text.js';
import { overApiOrStore } from '../run-command.js';

/** `orc agents [--json]`: the seed agents registered with orc, their health, methods, free disk and active seed. */
export function registerAgents(program: Command, io: CliIo, mode: ApiMode): void {
  program
    .command('agents')
    .description('list the registered seed agents: instance, url, last seen, health, methods, disk free, active seed')
    .option('--config <path>', 'config file (default: $ORC_CONFIG)')
    .option('--json', 'print JSON')
    .action(async (opts) => {
      const { listAgents } = await import('../../../core/commands/list-agents.js');
      const agents = await overApiOrStore(
        mode,
        opts.config,
        async (api) => (await api.get('/api/agents')) as AgentJson[],
        async ({ ctx }) => (await listAgents(ctx)).map(agentJson),
      );
      if (opts.json) writeJson(io.stdout, agents);
      else for (const line of agentsText(agents)) writeLine(io.stdout, line);
    });
}
