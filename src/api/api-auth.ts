import { createHash, timingSafeEqual } from 'node:crypto';
import type { ApiRole } from '../../core/api-config.js';
import type { Config } from '../../core/config.js';
import { ApiError } from './api-error.js';

/** Who is calling: the credential's name (the audit actor is `api:<name>`) and its role. */
export interface Principal {
  readonly name: string;
  readonly role: ApiRole;
}

/** What a route needs: nothing (health, leader-check, metrics), a read credential, an admin one, or the agents' token. */
export type RouteAccess = 'public' | 'read' | 'admin' | 'agent';

/** Who may call when no credential is configured (only allowed on a loopback address). */
export const ANONYMOUS: Principal = Object.freeze({ name: 'anonymous', role: 'admin' });

const CHALLENGE = 'Bearer realm="orc", Basic realm="orc", charset="UTF-8"';

interface Secret {
  readonly kind: 'bearer' | 'basic';
  /** sha256 of the token, or of "user:password". */
  readonly digest: Buffer;
  readonly principal: Principal;
}

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/**
 * Checks the Authorization header against the configured bearer tokens and basic users. Secrets are compared as
 * sha256 digests with timingSafeEqual, against every credential, so neither a secret's length nor how much of it
 * matched shows in the time taken.
 */
export class ApiAuthenticator {
  private readonly secrets: readonly Secret[];

  constructor(api: Config['api']) {
    this.secrets = [
      ...api.tokens.map((t): Secret => ({ kind: 'bearer', digest: digest(t.token ?? ''), principal: { name: t.name, role: t.role } })),
      ...api.basic.map((b): Secret => ({ kind: 'basic', digest: digest(`${b.user}:${b.password ?? ''}`), principal: { name: b.user, role: b.role } })),
    ];
  }

  /** True when no credential is configured: every caller is ANONYMOUS (config allows that on loopback only). */
  get open(): boolean {
    return this.secrets.length === 0;
  }

  /** The caller of a request with this Authorization header; a missing or wrong credential is a 401 with a challenge. */
  authenticate(header: string | undefined): Principal {
    if (this.open) return ANONYMOUS;
    if (!header) throw unauthenticated('this API needs a credential: Authorization: Bearer TOKEN, or Basic');
    const [scheme = '', value = ''] = header.trim().split(/\s+/, 2);
    const kind = scheme.toLowerCase() === 'bearer' ? 'bearer' : scheme.toLowerCase() === 'basic' ? 'basic' : null;
    if (kind === null || value === '') throw unauthenticated('unsupported Authorization scheme: use Bearer or Basic');
    const presented = digest(kind === 'basic' ? Buffer.from(value, 'base64').toString('utf8') : value);
    let found: Principal | null = null;
    for (const s of this.secrets) {
      if (timingSafeEqual(s.digest, presented) && s.kind === kind) found = s.principal;
    }
    if (found === null) throw unauthenticated('wrong credential');
    return found;
  }
}

/** Refuses a caller the route's access level does not admit; a node in read-only mode refuses every mutation. */
export function authorize(principal: Principal, access: RouteAccess, nodeReadOnly: boolean): void {
  if (access !== 'admin') return;
  if (nodeReadOnly) throw new ApiError('orc_forbidden', 'this orc node is read-only (api.readOnly): mutations are refused here');
  if (principal.role !== 'admin') throw new ApiError('orc_forbidden', `credential "${principal.name}" has the read role: mutations need admin`);
}

function unauthenticated(message: string): ApiError {
  return new ApiError('orc_unauthenticated', message, { 'www-authenticate': CHALLENGE });
}
