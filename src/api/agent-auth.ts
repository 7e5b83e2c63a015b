import { createHash, timingSafeEqual } from 'node:crypto';
import type { Config } from '../../core/config.js';
import type { Principal } from './api-auth.js';
import { ApiError } from './api-error.js';

/** Who calls an agent-only route (audited as api:agent): any holder of the agents' token. */
export const AGENT_PRINCIPAL: Principal = Object.freeze({ name: 'agent', role: 'read' });

const CHALLENGE = 'Bearer realm="orc-agents", charset="UTF-8"';

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/**
 * Checks the Authorization header of agent-only routes against agents.token alone (API credentials do not count):
 * Bearer only, compared as sha256 digests with timingSafeEqual. With no token configured every agent is refused.
 */
export class AgentAuthenticator {
  private readonly digest: Buffer | null;

  constructor(agents: Config['agents']) {
    this.digest = agents.token === '' ? null : digest(agents.token);
  }

  /** The agent principal, or a 403 (no agents' token configured) or a 401 (missing or wrong token). */
  authenticate(header: string | undefined): Principal {
    if (this.digest === null) throw new ApiError('orc_forbidden', 'agents cannot register: orc has no agents.token (set it or ORC_AGENT_TOKEN)');
    const [scheme = '', value = ''] = (header ?? '').trim().split(/\s+/, 2);
    if (scheme.toLowerCase() !== 'bearer' || value === '') throw new ApiError('orc_unauthenticated', 'this route takes the agents\' token: Authorization: Bearer TOKEN', { 'www-authenticate': CHALLENGE });
    if (!timingSafeEqual(this.digest, digest(value))) throw new ApiError('orc_unauthenticated', 'wrong agent token', { 'www-authenticate': CHALLENGE });
    return AGENT_PRINCIPAL;
  }
}
