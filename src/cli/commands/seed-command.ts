import type { Command } from '@commander-js/extra-typings';
// list-seeds holds the default limit that --help shows and no dependency worth deferring.
import { DEFAULT_SEED_LIMIT, listSeeds } from '../../../core/commands/list-seeds.js';
import { InputError } from '../../../core/errors.js';
import { segment, type ApiMode } from '../api-mode.js';
import { writeJson, writeLine, type CliIo } from '../cli-io.js';
import { seedDetailJson, seedJson, type SeedDetailJson, type SeedJson } from '../format/seed-json.js';
import { seedDetailText, seedsText } from '../format/seed-text.js';
import { overApiOrStore } from '../run-command.js';
import { interruptSignal } from './interrupt.js';

/** `orc seed start|list|show|abort`: copy a data set from a source server to a new target through their agents. */
export function registerSeed(program: Command, io: CliIo, mode: ApiMode, signals: NodeJS.EventEmitter): void {
  const seed = program.command('seed').description('copy a data set from a source server to a new target through their agents');
  seed
    .command('start')
    .description('check both agents and servers and schedule a seed (every reason it cannot start, at once); prints its id')
    .requiredOption('--method <method>', 'mariabackup | dump | clone | xtrabackup')
    .requiredOption('--source <host:port>', 'the server to copy')
    .requiredOption('--target <host:port>', 'the server to overwrite (its data is replaced)')
    .option('--config <path>', 'config file (default: $ORC_CONFIG)')
    .option('--json', 'print the seed as JSON')
    .action(async (opts) => {
      const { startSeed } = await import('../../../core/commands/start-seed.js');
      const input = { method: opts.method, source: opts.source, target: opts.target };
      const interrupt = interruptSignal(signals);
      try {
        const s = await overApiOrStore(
          mode,
          opts.config,
          async (api) => (await api.post('/api/seeds', input)) as SeedJson,
          async ({ ctx }) => seedJson(await startSeed(ctx, input, interrupt.signal)),
        );
        if (opts.json) writeJson(io.stdout, s);
        else writeLine(io.stdout, s.id);
      } finally {
        interrupt.dispose();
      }
    });
  seed
    .command('list')
    .description('seeds newest first: method, source, target, stage, status, retries, bytes copied')
    .option('--active', 'only the active ones (Scheduled, Running, Error, Aborting)')
    .option('--limit <n>', 'how many', String(DEFAULT_SEED_LIMIT))
    .option('--config <path>', 'config file (default: $ORC_CONFIG)')
    .option('--json', 'print JSON')
    .action(async (opts) => {
      const limit = Number(opts.limit);
      if (!Number.isSafeInteger(limit) || limit < 1) throw new InputError(`--limit must be a positive integer, got "${opts.limit}"`, { input: opts.limit });
      const active = opts.active === true;
      const seeds = await overApiOrStore(
        mode,
        opts.config,
        async (api) => (await api.get('/api/seeds', { ...(active ? { active: '1' } : {}), limit: String(limit) })) as SeedJson[],
        async ({ ctx }) => (await listSeeds(ctx, { active, limit })).map(seedJson),
      );
      if (opts.json) writeJson(io.stdout, seeds);
      else for (const line of seedsText(seeds, active)) writeLine(io.stdout, line);
    });
  seed
    .command('show')
    .description('one seed and its timeline')
    .argument('<id>', 'the seed id')
    .option('--config <path>', 'config file (default: $ORC_CONFIG)')
    .option('--json', 'print JSON')
    .action(async (id, opts) => {
      const { seedDetail } = await import('../../../core/commands/seed-detail.js');
      const d = await overApiOrStore(
        mode,
        opts.config,
        async (api) => (await api.get(`/api/seeds/${segment(id)}`)) as SeedDetailJson,
        async ({ ctx }) => seedDetailJson(await seedDetail(ctx, id)),
      );
      if (opts.json) writeJson(io.stdout, d);
      else for (const line of seedDetailText(d)) writeLine(io.stdout, line);
    });
  seed
    .command('abort')
    .description('abort an active seed: the seed loop stops its agents and fails it (audited)')
    .argument('<id>', 'the seed id')
    .option('--config <path>', 'config file (default: $ORC_CONFIG)')
    .option('--json', 'print the seed as JSON')
    .action(async (id, opts) => {
      const { abortSeed } = await import('../../../core/commands/abort-seed.js');
      const s = await overApiOrStore(
        mode,
        opts.config,
        async (api) => (await api.post(`/api/seeds/${segment(id)}/abort`)) as SeedJson,
        async ({ ctx }) => seedJson(await abortSeed(ctx, id)),
      );
      if (opts.json) writeJson(io.stdout, s);
      else writeLine(io.stdout, `abort of seed ${s.id} requested (${s.status} at ${s.stage}); the seed loop stops it`);
    });
}
