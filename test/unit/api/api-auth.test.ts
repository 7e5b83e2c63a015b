import { describe, expect, it } from 'vitest';
import { P, R1 } from '../commands/command-fixture.js';
import { ADMIN_TOKEN, apiFixture, BASIC_PASSWORD, BASIC_USER, CREDENTIALS, observable, READ_TOKEN } from './api-fixture.js';

const R1_PATH = R1.replace(':', '/');

describe('API authentication', () => {
  it('answers 401 with a challenge when the credential is missing, and runs nothing', async () => {
    const f = await apiFixture();
    const before = await observable(f);
    for (const [method, path] of [['GET', '/api/clusters'], ['POST', `/api/set-read-only/${R1_PATH}`], ['GET', '/api/no-such-path']] as const) {
      const res = await f.call(method, path, { token: null });
      expect(res.status, `${method} ${path}`).toBe(401);
      expect(res.body.error.code).toBe('orc_unauthenticated');
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer realm="orc", Basic realm="orc"/);
    }
    expect(await observable(f)).toEqual(before);
  });

  it('answers 401 to a wrong bearer token, a wrong basic password, an unknown user and an unknown scheme', async () => {
    const f = await apiFixture();
    const before = await observable(f);
    const wrong = [
      await f.call('POST', `/api/set-read-only/${R1_PATH}`, { token: `${ADMIN_TOKEN}x` }),
      await f.call('POST', `/api/set-read-only/${R1_PATH}`, { basic: [BASIC_USER, 'not-the-password'] }),
      await f.call('POST', `/api/set-read-only/${R1_PATH}`, { basic: ['mallory', BASIC_PASSWORD] }),
      // A token sent as a basic password is not a token.
      await f.call('POST', `/api/set-read-only/${R1_PATH}`, { basic: ['ops', ADMIN_TOKEN] }),
    ];
    expect(wrong.map((r) => [r.status, r.body.error.code])).toEqual(Array(4).fill([401, 'orc_unauthenticated']));
    const raw = await fetch(`${f.api.url}/api/clusters`, { headers: { authorization: `Digest ${ADMIN_TOKEN}` } });
    expect(raw.status).toBe(401);
    expect(await observable(f)).toEqual(before);
  });

  it('lets a right bearer token and a right basic user in', async () => {
    const f = await apiFixture();
    expect((await f.call('GET', '/api/clusters')).body).toEqual([P]);
    expect((await f.call('GET', '/api/clusters', { token: READ_TOKEN })).status).toBe(200);
    expect((await f.call('GET', '/api/clusters', { basic: [BASIC_USER, BASIC_PASSWORD] })).status).toBe(200);
  });

  it('refuses a mutation by a read-only credential with 403, changing nothing', async () => {
    const f = await apiFixture();
    const before = await observable(f);
    const res = await f.call('POST', `/api/set-read-only/${R1_PATH}`, { token: READ_TOKEN });
    expect(res.status).toBe(403);
    expect(res.body.error).toEqual({ code: 'orc_forbidden', message: 'credential "viewer" has the read role: mutations need admin' });
    expect(await observable(f)).toEqual(before);
  });

  it('refuses every mutation on a read-only node with 403, even to admins, and still serves reads', async () => {
    const f = await apiFixture({ api: { ...CREDENTIALS, readOnly: true } });
    const before = await observable(f);
    const res = await f.call('POST', `/api/set-read-only/${R1_PATH}`);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('orc_forbidden');
    expect(res.body.error.message).toMatch(/read-only \(api.readOnly\)/);
    expect((await f.call('POST', '/api/disable-global-recoveries', { basic: [BASIC_USER, BASIC_PASSWORD] })).status).toBe(403);
    expect(await observable(f)).toEqual(before);
    expect((await f.call('GET', '/api/clusters')).status).toBe(200);
  });

  it('serves health, leader-check and metrics without a credential', async () => {
    const f = await apiFixture();
    for (const path of ['/health/live', '/health/ready', '/api/leader-check', '/metrics']) {
      expect((await f.call('GET', path, { token: null })).status, path).toBe(200);
    }
    expect((await f.call('GET', '/api/status', { token: null })).status).toBe(401);
  });

  it('audits every mutation with the credential that did it', async () => {
    const f = await apiFixture();
    expect((await f.call('POST', `/api/set-read-only/${R1_PATH}`)).status).toBe(200);
    expect((await f.call('POST', '/api/disable-global-recoveries', { basic: [BASIC_USER, BASIC_PASSWORD] })).status).toBe(200);
    const audit = await f.store.listAudit();
    expect(audit.map((a) => [a.action, a.actor, a.outcome])).toEqual(
      expect.arrayContaining([
        ['set-read-only', 'api:ops', 'ok'],
        ['disable-global-recoveries', 'api:carol', 'ok'],
      ]),
    );
    expect(f.control.callsOf('setReadOnly')).toEqual([`setReadOnly ${R1} ON`]);
  });

  it('with no credential configured (loopback only), anyone may call and is audited as api:anonymous', async () => {
    const f = await apiFixture({ api: {} });
    expect((await f.call('POST', `/api/set-read-only/${R1_PATH}`, { token: null })).status).toBe(200);
    expect((await f.store.listAudit())[0]).toMatchObject({ action: 'set-read-only', actor: 'api:anonymous' });
  });
});
