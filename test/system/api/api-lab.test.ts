import { describe, expect, it } from 'vitest';
import { LAB_PORTS } from '../../support/ports.js';
import { until, useLabWithService } from '../../support/service-harness.js';

const LAB = 't-api';
const ADMIN = 'lab-admin-token-0123456789';
const VIEWER = 'lab-viewer-token-0123456789';
const setup = useLabWithService(
  LAB,
  LAB_PORTS.api,
  (raw) => {
    raw.api = { tokens: [{ name: 'deployer', token: ADMIN, role: 'admin' }, { name: 'dashboard', token: VIEWER, role: 'read' }] };
  },
  { api: { host: '127.0.0.1', port: 0 } },
);

async function call(method: string, path: string, token: string | null): Promise<{ status: number; body: any }> {
  const res = await fetch(`${setup.orc.api!.url}${path}`, { method, headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.status, body: await res.json() };
}

describe('the HTTP API of a running service on a real lab', () => {
  it('reads the topology, refuses a read credential, and runs a graceful takeover over POST audited as api:<name>', { timeout: 60_000 }, async () => {
    const { lab } = setup;
    const primary = lab.instances.find((i) => i.role === 'primary')!.port;
    const designated = lab.instances.find((i) => i.role === 'intermediate')!.port;

    await until('the service to be ready', async () => (await call('GET', '/health/ready', null)).status === 200, 10_000);
    expect((await call('GET', '/api/leader-check', null)).status).toBe(200);
    expect((await call('GET', '/api/clusters', null)).status).toBe(401);
    const topology = await call('GET', `/api/cluster/${LAB}`, VIEWER);
    expect(topology.body.cluster).toMatchObject({ alias: LAB, primary: `127.0.0.1:${primary}` });
    expect(topology.body.instances).toHaveLength(lab.instances.length);

    const path = `/api/graceful-master-takeover/${LAB}/127.0.0.1/${designated}`;
    expect((await call('GET', path, ADMIN)).status).toBe(405);
    expect((await call('POST', path, VIEWER)).status).toBe(403);
    const result = await call('POST', path, ADMIN);
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ kind: 'graceful-takeover', status: 'succeeded', successor: `127.0.0.1:${designated}`, actor: 'api:deployer', rolledBack: false });

    const audit = await call('GET', "/api/audit?limit=10", VIEWER);
    expect(audit.body).toContainEqual(expect.objectContaining({ action: 'graceful-takeover', actor: 'api:deployer', outcome: 'ok' }));
    await until(
      'the cluster to show its new primary',
      async () => (await call('GET', `/api/cluster/${LAB}`, VIEWER)).body.cluster?.primary === `127.0.0.1:${designated}`,
      15_000,
    );
  });
});
