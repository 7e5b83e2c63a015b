import { nanoid } from 'nanoid';
import { newTypeableId } from '../util/typeable-id.js';
import { errorLine, RefusedError } from '../errors.js';
import type { InstanceFacts } from '../model/instance.js';
import { formatInstanceKey, parseInstanceKey, type InstanceKey } from '../model/instance-key.js';
import { directReplicasOf } from '../model/topology-tree.js';
import type { PreSeedAgent, PreSeedServer, SeedRefusal } from '../seeds/pre-seed-input.js';
import { preSeedRefusals } from '../seeds/pre-seed-refusals.js';
import { preSeedServer } from '../seeds/pre-seed-server.js';
import { probeForCommand } from './probe-for-command.js';
import { seedConflictRefusals, type SeedConflictRefusal } from '../seeds/seed-conflict-refusals.js';
import { isSeedMethod } from '../seeds/seed-method.js';
import { stateRow } from '../seeds/seed-transition.js';
import { newSeed, type Seed } from '../seeds/seed.js';
import { liveSeedAgent, type LiveSeedAgent } from './live-seed-agent.js';
import type { SeedCommandContext } from './seed-command-context.js';

/** What an operator asks for: a method and two servers as HOST:PORT text. */
export interface StartSeedInput {
  readonly method: string;
  readonly source: string;
  readonly target: string;
}

/** One reason a seed may not start: a pre-seed check of seeds.md, or what orc is already doing with the servers. */
export type StartSeedRefusal = SeedRefusal | SeedConflictRefusal;

/**
 * `orc seed start`: asks both agents for their info now and probes both servers, runs every pre-seed check
 * (seeds.md) and the store's (no active seed on the target or seeding the source, no maintenance lock on the
 * target). Any failure is ONE RefusedError orc_refused listing every reason (details.refusals: [{code, message}])
 * that creates nothing. Otherwise the seed is created Scheduled at Prepare for the seed loop, with its first history
 * row. Audited as seed-start (refusals too).
 */
export async function startSeed(ctx: SeedCommandContext, input: StartSeedInput, signal?: AbortSignal): Promise<Seed> {
  const source = parseInstanceKey(input.source);
  const target = parseInstanceKey(input.target);
  const method = input.method.trim();
  const [sourceAgent, targetAgent, sourceFacts, targetFacts, instances, activeSeeds, locks] = await Promise.all([
    liveSeedAgent(ctx, source, signal),
    liveSeedAgent(ctx, target, signal),
    probed(ctx, source, signal),
    probed(ctx, target, signal),
    ctx.store.listInstances(),
    ctx.store.listSeeds({ active: true }),
    ctx.store.listLocks(ctx.clock.now()),
  ]);
  const server = (probe: Probed, agent: LiveSeedAgent, key: InstanceKey): PreSeedServer | null =>
    probe.ok ? preSeedServer(probe.facts, agent.ok ? agent.info : null, directReplicasOf(instances, key).map((r) => r.key)) : null;
  const refusals: StartSeedRefusal[] = [
    ...preSeedRefusals({
      method,
      source,
      target,
      sourceAgent: preSeedAgent(sourceAgent),
      targetAgent: preSeedAgent(targetAgent),
      sourceServer: server(sourceFacts, sourceAgent, source),
      targetServer: server(targetFacts, targetAgent, target),
    }),
    ...seedConflictRefusals({ source, target, activeSeeds, locks }),
  ];
  const cluster = (await ctx.store.getInstance(target))?.clusterName ?? null;
  const what = `${method} seed of ${formatInstanceKey(target)} from ${formatInstanceKey(source)}`;
  const audit = (outcome: 'ok' | 'refused', detail: string) =>
    ctx.store.appendAudit({ id: nanoid(), at: ctx.clock.now(), actor: ctx.actor, action: 'seed-start', target: formatInstanceKey(target), cluster, detail, outcome });
  const known = isSeedMethod(method) ? method : null;
  if (refusals.length > 0 || known === null) {
    const problems = [sourceAgent, targetAgent, sourceFacts, targetFacts].flatMap((a) => (a.ok ? [] : [a.problem]));
    const why = problems.length > 0 ? ` (${problems.join('; ')})` : '';
    const err = new RefusedError('orc_refused', `${what} refused: ${refusals.map((r) => r.message).join('; ')}${why}`, { refusals, agentProblems: problems });
    await audit('refused', errorLine(err));
    throw err;
  }
  const now = ctx.clock.now();
  const seed = newSeed({ id: newSeedId(), method: known, source, target, now });
  await ctx.store.createSeed(seed);
  await ctx.store.appendSeedState(stateRow(seed, now, `${what} requested by ${ctx.actor}`));
  await audit('ok', `${what}: seed ${seed.id}`);
  return seed;
}

/**
 * A new seed id: letters and digits only, since agents take it into paths and program arguments (an id starting
 * with "-" or "_", as plain nanoid ids may, is refused by every agent).
 */
export const newSeedId = newTypeableId;

function preSeedAgent(agent: LiveSeedAgent): PreSeedAgent | null {
  return agent.ok ? { methods: agent.info.methods, activeSeed: agent.info.activeSeed } : null;
}

/** A fresh probe of one end (a slow answer asked again), or why it could not be read (the pre-seed checks refuse that, saying why). */
type Probed = { readonly ok: true; readonly facts: InstanceFacts } | { readonly ok: false; readonly problem: string };

async function probed(ctx: Pick<SeedCommandContext, 'probe'>, key: InstanceKey, signal?: AbortSignal): Promise<Probed> {
  try {
    return { ok: true, facts: await probeForCommand(ctx.probe, key, signal) };
  } catch (err) {
    return { ok: false, problem: errorLine(err) };
  }
}
