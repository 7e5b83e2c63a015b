import type { Command } from '@commander-js/extra-typings';
import type { CliIo } from '../cli-io.js';

/** `orc agent --config agent.json`: the seed agent beside one database server, until SIGINT or SIGTERM. */
export function registerAgent(program: Command, io: CliIo, signals: NodeJS.EventEmitter, env: NodeJS.ProcessEnv): void {
  program
    .command('agent')
    .description('run the seed agent beside one MariaDB server: its HTTP API copies data sets for orc (seeds)')
    .requiredOption('--config <path>', 'agent config file (JSON); ORC_AGENT_TOKEN and ORC_AGENT_SERVER_PASSWORD override its secrets')
    .action(async (opts) => {
      const [{ loadAgentConfig }, { createAgentLogger }, { runAgent }] = await Promise.all([
        import('../../agent/agent-config.js'),
        import('../../agent/agent-logger.js'),
        import('../../agent/run-agent.js'),
      ]);
      const config = loadAgentConfig(opts.config, env);
      const logger = createAgentLogger(config, io.stderr);
      const agent = await runAgent(config, logger);
      await new Promise<void>((resolve) => {
        const onSignal = (name: string): void => {
          logger.info({ signal: name }, 'agent stopping');
          signals.off('SIGINT', onSignal);
          signals.off('SIGTERM', onSignal);
          resolve();
        };
        signals.on('SIGINT', onSignal);
        signals.on('SIGTERM', onSignal);
      });
      await agent.close();
      logger.flush();
    });
}
