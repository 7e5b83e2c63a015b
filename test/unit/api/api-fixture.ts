import { afterEach } from 'vitest';
import type { ApiDeps, MetricsSource, ServiceView } from '../../../src/api/api-deps.js';
import { startApi, type RunningApi } from '../../../src/api/start-api.js';
import type { InstanceFacts } from '../../../core/model/instance.js';
import type { LeaderLease } from '../../../core/ports/leader-lease.js';
import { commandFixture, T0, type CommandFixture } from '../commands/command-fixture.js';

export const ADMIN_TOKEN = 'admin-token-0123456789';
export const READ_TOKEN = 'read-token-0123456789';
export const BASIC_USER = 'carol';
export const BASIC_PASSWORD = 'carol-password';

/** Credentials of the API fixture: an admin token "ops", a read token "viewer", and basic user carol (admin). */
export const CREDENTIALS = {
  tokens: [
    { name: 'ops', token: ADMIN_TOKEN, role: 'admin' },
    { name: 'viewer', token: READ_TOKEN, role: 'read' },
  ],
  basic: [{ user: BASIC_USER, password: BASIC_PASSWORD, role: 'admin' }],
};

/** A service view whose leadership the test sets. */
export class FakeServiceView implements ServiceView {
  readonly holder = 'orc-test:1:abc';
  leader = true;
  acting = true;
  notActing: string | null = null;
  isLeader(): boolean {
    return this.leader;
  }
  isActing(): boolean {
    return this.acting;
  }
  currentLease(): LeaderLease | null {
    return { name: 'orc', holder: this.holder, acquiredAt: T0, expiresAt: T0 + 5000, epoch: 3 };
  }
  status(): { notActing: string | null } {
    return { notActing: this.notActing };
  }
}

/** The command fixture behind a real API on 127.0.0.1 (a free port), and a fetch helper. */
export interface ApiFixture extends CommandFixture {
  readonly api: RunningApi;
  readonly service: FakeServiceView;
  call(method: string, path: string, options?: { token?: string | null; basic?: [string, string]; body?: unknown; rawBody?: string }): Promise<ApiResponse>;
}

/** One answer: status, headers and the parsed JSON body (text when not JSON). */
export interface ApiResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly body: any;
}

const running: RunningApi[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((a) => a.close()));
});

/**
 * Starts the API over the command fixture's fakes. `api` is the raw api config section (default: CREDENTIALS); calls
 * send the admin token unless told otherwise (token null sends none).
 */
export async function apiFixture(
  options: {
    api?: Record<string, unknown>;
    facts?: Record<string, Partial<Omit<InstanceFacts, 'replicas'>>>;
    metricsText?: MetricsSource;
    /** Other raw config sections (agents, ...). */
    config?: Record<string, unknown>;
  } = {},
): Promise<ApiFixture> {
  const f = await commandFixture({ config: { api: options.api ?? CREDENTIALS, ...options.config }, ...(options.facts ? { facts: options.facts } : {}) });
  const service = new FakeServiceView();
  const { actor: _actor, ...ctx } = f.ctx;
  const deps: ApiDeps = { ctx, service, version: '9.9.9', startedAt: T0, ...(options.metricsText ? { metricsText: options.metricsText } : {}) };
  const api = await startApi(deps, { host: '127.0.0.1', port: 0 });
  running.push(api);
  const call: ApiFixture['call'] = async (method, path, o = {}) => {
    const headers: Record<string, string> = {};
    if (o.basic) headers.authorization = `Basic ${Buffer.from(`${o.basic[0]}:${o.basic[1]}`).toString('base64')}`;
    else if (o.token !== null) headers.authorization = `Bearer ${o.token ?? ADMIN_TOKEN}`;
    let body: string | undefined;
    if (o.rawBody !== undefined || o.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = o.rawBody ?? JSON.stringify(o.body);
    }
    const res = await fetch(`${api.url}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // Not JSON (metrics text): keep the text.
    }
    return { status: res.status, headers: res.headers, body: parsed };
  };
  return { ...f, api, service, call };
}

/** Everything a refused request must leave as it was: instances, clusters, audit, locks, control calls and probes. */
export async function observable(f: CommandFixture): Promise<unknown> {
  return {
    instances: await f.store.listInstances(),
    clusters: await f.store.listClusters(),
    audit: await f.store.listAudit(),
    locks: await f.store.listLocks(T0),
    downtime: await f.store.listDowntime(T0),
    recoveries: await f.store.listRecoveries(),
    control: [...f.control.calls],
    probes: [...f.probe.calls],
  };
}
