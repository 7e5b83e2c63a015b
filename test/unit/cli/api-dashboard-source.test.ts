import { describe, expect, it } from 'vitest';
import { errorLine } from '../../../core/errors.js';
import type { ApiClient } from '../../../src/cli/api-client.js';
import { apiDashboardSource } from '../../../src/cli/api-dashboard-source.js';

/** An API client stand-in answering every GET with the given body and recording what was asked. */
function answering(body: unknown): { api: ApiClient; asked: [string, Record<string, string>][] } {
  const asked: [string, Record<string, string>][] = [];
  const api = {
    url: 'http://orc.example:3000',
    get: async (path: string, query: Record<string, string>) => {
      asked.push([path, query]);
      return body;
    },
  } as unknown as ApiClient;
  return { api, asked };
}

describe('apiDashboardSource', () => {
  it('asks for the wanted cluster, index, screen and drilled-in recovery, and learns the actor', async () => {
    const snapshot = { clusters: [], selectedName: null };
    const { api, asked } = answering({ actor: 'api:ops', snapshot });
    const source = apiDashboardSource(api, { timeoutMs: 5000 });
    expect(source.actor).toBeNull();
    const signal = new AbortController().signal;
    expect(await source.load('shop', 3, { screen: 'recoveries', recoveryId: 'rec1' }, signal)).toBe(snapshot);
    await source.load(null, 0, { screen: 'clusters', recoveryId: null }, signal);
    expect(asked).toEqual([
      ['/api/dashboard', { index: '3', screen: 'recoveries', cluster: 'shop', recovery: 'rec1' }],
      ['/api/dashboard', { index: '0', screen: 'clusters' }],
    ]);
    expect(source.actor).toBe('api:ops');
  });

  it('an answer of another shape is one coded error naming the URL', async () => {
    const source = apiDashboardSource(answering({ clusters: [] }).api, { timeoutMs: 5000 });
    const err = await source.load(null, 0, { screen: 'clusters', recoveryId: null }, new AbortController().signal).catch((e: unknown) => e);
    expect(errorLine(err)).toBe('orc_unreachable: GET http://orc.example:3000/api/dashboard answered no dashboard snapshot: is the service an orc of the same version?');
    expect(source.actor).toBeNull();
  });
});
