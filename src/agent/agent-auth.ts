import { createHash, timingSafeEqual } from 'node:crypto';
import { ApiError } from '../api/api-error.js';

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/**
 * Checks `Authorization: Bearer <token>` against the agents' shared token, comparing sha256 digests with
 * timingSafeEqual so neither the token's length nor how much of it matched shows in the time taken.
 */
export class AgentTokenCheck {
  private readonly expected: Buffer;

  constructor(token: string) {
    this.expected = digest(token);
  }

  /** Throws a 401 ApiError unless the header carries the token. */
  check(header: string | undefined): void {
    const [scheme = '', value = ''] = (header ?? '').trim().split(/\s+/, 2);
    const presented = digest(scheme.toLowerCase() === 'bearer' ? value : '');
    const matches = timingSafeEqual(presented, this.expected);
    if (!header) throw new ApiError('orc_unauthenticated', 'this agent needs its token: Authorization: Bearer TOKEN', { 'www-authenticate': 'Bearer realm="orc-agent"' });
    if (!matches || value === '') throw new ApiError('orc_unauthenticated', 'wrong token', { 'www-authenticate': 'Bearer realm="orc-agent"' });
  }
}
