import { errorLine, UnreachableError } from '../errors.js';
import { formatInstanceKey } from '../model/instance-key.js';
import type { AgentEndpoint } from '../ports/agent-client.js';
import type { AgentResolver } from '../ports/agent-resolver.js';
import type { SeedSide } from './seed-method.js';
import type { Seed } from './seed.js';

/** The endpoints of one seed's two agents, resolved once per tick (a failed lookup is retried at the next call). */
export class SeedAgents {
  private readonly resolved = new Map<SeedSide, AgentEndpoint>();

  constructor(
    private readonly seed: Seed,
    private readonly agentOf: AgentResolver,
  ) {}

  /** The side's agent; UnreachableError when none is registered for its server or the lookup fails. */
  async endpoint(side: SeedSide): Promise<AgentEndpoint> {
    const known = this.resolved.get(side);
    if (known) return known;
    const server = formatInstanceKey(this.seed[side]);
    let endpoint: AgentEndpoint | null;
    try {
      endpoint = await this.agentOf(this.seed[side]);
    } catch (err) {
      throw new UnreachableError(`the ${side} agent (of ${server}) cannot be looked up: ${errorLine(err)}`, { seed: this.seed.id, side, instance: server });
    }
    if (!endpoint) throw new UnreachableError(`no agent is registered for the ${side} ${server}`, { seed: this.seed.id, side, instance: server });
    this.resolved.set(side, endpoint);
    return endpoint;
  }
}
