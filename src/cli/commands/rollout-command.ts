import type { Command } from '@commander-js/extra-typings';
import { controlRollout } from '../../../core/commands/control-rollout.js';
import { rolloutDetail } from '../../../core/commands/rollout-detail.js';
import { rolloutViews } from '../../../core/commands/rollout-views.js';
import { startFleetRollout, type FleetRolloutRequest } from '../../../core/commands/start-fleet-rollout.js';
import { InputError } from '../../../core/errors.js';
import { parseFleetVariable } from '../../../core/rollouts/fleet/fleet-variable.js';
import type { RolloutControl } from '../../../core/rollouts/rollout-control.js';
import { formatRolloutId, parseRolloutId } from '../../../core/rollouts/rollout-id.js';
import type { RolloutKey } from '../../../core/rollouts/rollout-key.js';
import type { ApiClient } from '../api-client.js';
import { segment, type ApiMode } from '../api-mode.js';
import { writeJson, writeLine, type CliIo } from '../cli-io.js';
import { fleetRolloutJson, rolloutDetailJson, rolloutListJson, type RolloutDetailJson, type RolloutListJson } from '../format/fleet-rollout-json.js';
import { rolloutJson, type RolloutJson } from '../format/rollout-json.js';
import { rolloutDetailText, rolloutsText } from '../format/rollout-text.js';
import { overApiOrStore } from '../run-command.js';

function whole(text: string | undefined, flag: string, min = 0): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(n) || n < min) throw new InputError(`--${flag} must be a whole number of at least ${min}, got "${text}"`, { field: flag });
  return n;
}

function stepList(text: string | undefined): number[] | undefined {
  if (text === undefined) return undefined;
  return text.split(',').map((part) => whole(part, 'steps', 1)!);
}

/** What `orc rollout start` prints with --json (and POST /api/rollouts answers). */
interface StartedJson {
  readonly id: string;
  readonly rollout: RolloutJson;
  readonly fleet: ReturnType<typeof fleetRolloutJson>;
}

/** The request as POST /api/rollouts takes it. */
function startBody(r: FleetRolloutRequest): Record<string, unknown> {
  const { variables, ...rest } = r;
  return variables.length > 0 ? { ...rest, changes: variables } : rest;
}

function rolloutPath(key: RolloutKey): string {
  return `/api/rollouts/${segment(key.namespace)}/${segment(key.entity)}`;
}

/** The detail over the API: the rollout, its targets and, for a fleet rollout, its record. */
async function detailOverApi(api: ApiClient, id: string): Promise<RolloutDetailJson> {
  const key = parseRolloutId(id);
  const rollout = (await api.get(rolloutPath(key))) as RolloutJson;
  const targets = (await api.get(`${rolloutPath(key)}/targets`)) as RolloutDetailJson['targets'];
  const fleet = key.namespace === 'orc' ? ((await api.get(`${rolloutPath(key)}/fleet`)) as RolloutDetailJson['fleet']) : null;
  return { id, rollout, targets, fleet };
}

/** `orc rollout start|list|show|pause|resume|promote|abort`: roll server variables or an agents' command across a cluster batch by batch, with health gates. */
export function registerRollout(program: Command, io: CliIo, mode: ApiMode): void {
  const rollout = program.command('rollout').description("roll a change across a cluster's servers in batches, with health gates and automatic rollback");
  rollout
    .command('start')
    .description("record a rollout of server variables (or of an operator command run by the servers' agents) across the cluster; the leader (orc serve) executes it; prints its id")
    .argument('<cluster>', 'cluster name, alias or any member HOST:PORT')
    .option('--change <name=value>', 'a global variable to set (repeatable)', (v: string, all: string[]) => [...all, v], [] as string[])
    .option('--command <name>', "an operator command each server's agent declares (rollouts.commands), run by the agents instead of --change")
    .option('--include-primary', 'change the primary last, after a graceful takeover to a changed replica')
    .option('--batch-size <n>', 'servers changed per step (default 1)')
    .option('--steps <sizes>', 'servers per step as n,n,n, the last repeating (instead of --batch-size)')
    .option('--batch-percent <p>', 'a sliding window of this share of the servers (instead of --batch-size)')
    .option('--pause-between-steps', 'pause after each step until `orc rollout promote`')
    .option('--soak <secs>', 'how long a changed server must pass its gates without a break (default 10)')
    .option('--gate-timeout <secs>', 'how much longer it may take before the change is marked bad and rolled back (default 60)')
    .option('--max-lag <secs>', 'lag gate: most seconds behind the source (default 30)')
    .option('--gate-query <sql>', 'a SELECT whose first column must be truthy on every changed server')
    .option('--config <path>', 'config file (default: $ORC_CONFIG)')
    .option('--json', 'print the rollout as JSON')
    .action(async (cluster, opts) => {
      if (opts.change.length === 0 && opts.command === undefined) throw new InputError('give at least one --change NAME=VALUE, or --command NAME', { field: 'change' });
      const request: FleetRolloutRequest = {
        cluster,
        variables: opts.change.map((c) => parseFleetVariable(c)),
        ...(opts.command !== undefined ? { command: opts.command } : {}),
        includePrimary: opts.includePrimary === true,
        ...(opts.batchSize !== undefined ? { batchSize: whole(opts.batchSize, 'batch-size', 1)! } : {}),
        ...(opts.steps !== undefined ? { steps: stepList(opts.steps)! } : {}),
        ...(opts.batchPercent !== undefined ? { batchPercent: whole(opts.batchPercent, 'batch-percent')! } : {}),
        pauseBetweenSteps: opts.pauseBetweenSteps === true,
        ...(opts.soak !== undefined ? { soakSecs: whole(opts.soak, 'soak')! } : {}),
        ...(opts.gateTimeout !== undefined ? { gateTimeoutSecs: whole(opts.gateTimeout, 'gate-timeout')! } : {}),
        ...(opts.maxLag !== undefined ? { maxLagSecs: whole(opts.maxLag, 'max-lag')! } : {}),
        gateQuery: opts.gateQuery ?? null,
      };
      const started = await overApiOrStore(
        mode,
        opts.config,
        async (api) => (await api.post('/api/rollouts', startBody(request))) as StartedJson,
        async ({ ctx }) => {
          const s = await startFleetRollout(ctx, request);
          return { id: s.fleet.id, rollout: rolloutJson(s.rollout), fleet: fleetRolloutJson(s.fleet) };
        },
      );
      if (opts.json) writeJson(io.stdout, started);
      else writeLine(io.stdout, started.id);
    });
  rollout
    .command('list')
    .description('every rollout: id, phase, versions, targets')
    .option('--config <path>', 'config file (default: $ORC_CONFIG)')
    .option('--json', 'print JSON')
    .action(async (opts) => {
      const list = await overApiOrStore(
        mode,
        opts.config,
        async (api) => ((await api.get('/api/rollouts')) as RolloutJson[]).map((r) => ({ id: formatRolloutId(r), ...r })) as RolloutListJson[],
        async ({ ctx }) => (await rolloutViews(ctx).list()).map(rolloutListJson),
      );
      if (opts.json) writeJson(io.stdout, list);
      else for (const line of rolloutsText(list)) writeLine(io.stdout, line);
    });
  rollout
    .command('show')
    .description('one rollout: its phase, servers (applied version, previous values, gates) and steps')
    .argument('<id>', 'the rollout id (NAMESPACE/ENTITY for rollouts of external controllers)')
    .option('--config <path>', 'config file (default: $ORC_CONFIG)')
    .option('--json', 'print JSON')
    .action(async (id, opts) => {
      const d = await overApiOrStore(
        mode,
        opts.config,
        (api) => detailOverApi(api, id),
        async ({ ctx }) => rolloutDetailJson(await rolloutDetail(ctx, id)),
      );
      if (opts.json) writeJson(io.stdout, d);
      else for (const line of rolloutDetailText(d)) writeLine(io.stdout, line);
    });
  const control = (name: 'pause' | 'resume' | 'promote' | 'abort', description: string, toControl: (opts: { reason?: string; full?: true }) => RolloutControl) => {
    const cmd = rollout.command(name).description(description).argument('<id>', 'the rollout id');
    if (name === 'pause' || name === 'abort') cmd.option('--reason <text>', 'why (audited, shown)');
    if (name === 'promote') cmd.option('--full', 'mark the change good now and change every remaining server at once');
    cmd
      .option('--config <path>', 'config file (default: $ORC_CONFIG)')
      .option('--json', 'print the rollout as JSON')
      .action(async (id: string, opts: { reason?: string; full?: true; config?: string; json?: true }) => {
        const key = parseRolloutId(id);
        const change = toControl(opts);
        const { kind: _kind, ...body } = change as RolloutControl & Record<string, unknown>;
        const r = await overApiOrStore(
          mode,
          opts.config,
          async (api) => (await api.post(`${rolloutPath(key)}/${name}`, body)) as RolloutJson,
          async ({ ctx }) => rolloutJson((await controlRollout(ctx, key, change)).rollout),
        );
        if (opts.json) writeJson(io.stdout, r);
        else writeLine(io.stdout, `rollout ${id}: ${r.phase}${r.paused ? ` (paused: ${r.pauseReason ?? ''})` : ''}`);
      });
  };
  control('pause', 'pause a rollout: no new batch starts (gates are still measured)', (o) => ({ kind: 'pause', ...(o.reason !== undefined ? { reason: o.reason } : {}) }));
  control('resume', 'resume a paused rollout', () => ({ kind: 'resume' }));
  control('promote', 'start the next step now (--full: mark the change good and finish)', (o) => ({ kind: 'promote', ...(o.full ? { full: true } : {}) }));
  control('abort', 'abort a rollout: the change is marked bad and every changed server is restored', (o) => ({ kind: 'abort', ...(o.reason !== undefined ? { reason: o.reason } : {}) }));
}
