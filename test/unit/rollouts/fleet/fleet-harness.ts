import { startFleetRollout, type FleetRolloutRequest } from '../../../../core/commands/start-fleet-rollout.js';
import { rolloutDetail } from '../../../../core/commands/rollout-detail.js';
import { FleetLoop, type FleetTickSummary } from '../../../../core/rollouts/fleet/fleet-loop.js';
import { parseFleetVariable } from '../../../../core/rollouts/fleet/fleet-variable.js';
import type { FleetAgents, FleetTakeover } from '../../../../core/rollouts/fleet/fleet-tick-deps.js';
import { RolloutEngine } from '../../../../core/rollouts/rollout-engine.js';
import { silentLogger } from '../../../../core/ports/logger.js';
import { seedDepsFor } from '../../../../src/service/seed-deps.js';
import { fakeAgentInfo } from '../../../support/fake-agent-client.js';
import { FakeServerVariables } from '../../../support/fake-server-variables.js';
import { parseInstanceKey } from '../../../../core/model/instance-key.js';
import { commandFixture, P, R1, R2, T0, type CommandFixture } from '../../commands/command-fixture.js';

/** The leader lease the harness holds. */
export const LEASE = 'orc-leader';

/** A fleet loop stepped by hand over the command fixture. */
export interface Harness {
  readonly f: CommandFixture;
  readonly vars: FakeServerVariables;
  readonly takeovers: string[];
  tick(): Promise<FleetTickSummary>;
  start(request?: Partial<FleetRolloutRequest>): Promise<string>;
}

/** The shop cluster (P, R1, R2) with slave_net_timeout 60 everywhere, a leader's fleet loop stepped by hand and time moved by hand. */
export async function harness(takeover: FleetTakeover = async () => ({ ok: true, detail: 'done' })): Promise<Harness> {
  const f = await commandFixture();
  const vars = new FakeServerVariables();
  for (const s of [P, R1, R2]) vars.set(s, 'slave_net_timeout', '60').set(s, 'slave_max_statement_time', '0.000000');
  const lease = await f.store.tryAcquireLease(LEASE, 'orc-1', 3_600_000);
  const token = { name: LEASE, holder: lease.holder, epoch: lease.epoch };
  const takeovers: string[] = [];
  // The servers' agents as the service wires them: the fake client, the registry of the store.
  const { agentClient, agentOf } = seedDepsFor(f.store, f.agents);
  const agents: FleetAgents = { client: agentClient, agentOf };
  // A fresh engine per tick: nothing is carried between ticks but the store (as after a restart).
  const loop = () =>
    new FleetLoop({
      store: f.store,
      engine: new RolloutEngine({ store: f.store, clock: f.ctx.clock }),
      probe: f.probe,
      variables: vars,
      control: f.control,
      clock: f.ctx.clock,
      logger: silentLogger,
      leadership: { mayAct: () => true, token: () => token },
      tickMs: 1000,
      agents,
      takeover: async (cluster, signal) => {
        takeovers.push(cluster);
        return takeover(cluster, signal);
      },
    });
  return {
    f,
    vars,
    takeovers,
    tick: () => loop().tick(new AbortController().signal),
    start: async (request = {}) =>
      (await startFleetRollout(f.ctx, { cluster: 'shop', variables: [parseFleetVariable('slave_net_timeout=30')], soakSecs: 5, gateTimeoutSecs: 10, ...request })).fleet.id,
  };
}

/** Ticks, moving time by stepMs after each, until the rollout is done (bounded by a number of ticks, never by wall time). */
export async function runToEnd(h: Harness, id: string, stepMs = 2000, maxTicks = 40): Promise<void> {
  for (let i = 0; i < maxTicks; i++) {
    await h.tick();
    if ((await h.f.store.getFleetRollout(id))!.done) return;
    h.f.tick(stepMs);
  }
  const d = await rolloutDetail(h.f.ctx, id);
  throw new Error(`rollout ${id} not done after ${maxTicks} ticks: ${JSON.stringify({ rollout: d.rollout, targets: d.targets, fleet: d.fleet })}`);
}

/** The agent URL the harness registers for a server. */
export function agentUrl(server: string): string {
  return `http://agent-${server.split(':')[1]}:7001`;
}

/** Registers an agent for each server (with an option file at /etc/mysql/orc-<port>.cnf unless told otherwise). */
export async function registerAgents(h: Harness, servers: readonly string[], optionFile = true): Promise<void> {
  for (const s of servers) {
    const key = parseInstanceKey(s);
    await h.f.store.registerAgent({ instance: key, url: agentUrl(s), lastSeenAt: T0, info: fakeAgentInfo(key.host, key.port) });
    h.f.agents.setInfo(agentUrl(s), fakeAgentInfo(key.host, key.port));
    if (optionFile) h.f.agents.setOptionFile(agentUrl(s), `/etc/mysql/orc-${key.port}.cnf`);
  }
}
