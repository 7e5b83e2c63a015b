import { describe, expect, it } from 'vitest';
import { parseInstanceKey } from '../../../core/model/instance-key.js';
import { P, R1, R2, T0 } from '../commands/command-fixture.js';
import { apiFixture, observable } from './api-fixture.js';

const path = (key: string) => key.replace(':', '/');

describe('API errors: one code and status per class, nothing changed on a refusal', () => {
  it('400 orc_bad_input for a malformed host:port, before anything runs', async () => {
    const f = await apiFixture();
    const before = await observable(f);
    for (const [method, url] of [
      ['GET', '/api/instance/127.0.0.1/port'],
      ['GET', '/api/instance/bad_host!/3306'],
      ['POST', '/api/set-read-only/127.0.0.1/70000'],
      ['POST', `/api/relocate/${path(R2)}/127.0.0.1/0`],
      ['POST', '/api/graceful-master-takeover/shop/127.0.0.1/x'],
    ] as const) {
      const res = await f.call(method, url);
      expect(res.status, url).toBe(400);
      expect(res.body.error.code, url).toBe('orc_bad_input');
      expect(res.body.error.message, url).toMatch(/^malformed instance/);
    }
    expect(await observable(f)).toEqual(before);
  });

  it('400 orc_bad_input for a malformed body: not JSON, an unknown key, a wrong type, a missing field', async () => {
    const f = await apiFixture();
    const before = await observable(f);
    const notJson = await f.call('POST', `/api/unfence/${path(P)}`, { rawBody: '{"reason": ' });
    expect([notJson.status, notJson.body.error.code]).toEqual([400, 'orc_bad_input']);
    const unknownKey = await f.call('POST', `/api/set-writeable/${path(R1)}`, { body: { force: true, please: 1 } });
    expect([unknownKey.status, unknownKey.body.error.code]).toEqual([400, 'orc_bad_input']);
    expect(unknownKey.body.error.message).toMatch(/unknown key "please"/);
    const wrongType = await f.call('POST', `/api/set-writeable/${path(R1)}`, { body: { force: 'yes' } });
    expect([wrongType.status, wrongType.body.error.code]).toEqual([400, 'orc_bad_input']);
    const noReason = await f.call('POST', `/api/begin-downtime/${path(R1)}`, { body: { duration: '1h' } });
    expect([noReason.status, noReason.body.error.code]).toEqual([400, 'orc_bad_input']);
    const both = await f.call('POST', `/api/begin-downtime/${path(R1)}`, { body: { reason: 'x', duration: '1h', until: '2030-01-01' } });
    expect(both.body.error.message).toMatch(/exactly one of duration or until/);
    const badDuration = await f.call('POST', `/api/begin-downtime/${path(R1)}`, { body: { reason: 'x', duration: 'forever' } });
    expect([badDuration.status, badDuration.body.error.code]).toEqual([400, 'orc_bad_input']);
    const array = await f.call('POST', `/api/unfence/${path(P)}`, { body: ['reason'] });
    expect(array.status).toBe(400);
    const badLimit = await f.call('GET', '/api/audit?limit=-1');
    expect([badLimit.status, badLimit.body.error.code]).toEqual([400, 'orc_bad_input']);
    expect(await observable(f)).toEqual(before);
  });

  it('404 for an unknown instance or cluster (with the orc code) and for an unknown path (JSON)', async () => {
    const f = await apiFixture();
    const before = await observable(f);
    const instance = await f.call('GET', '/api/instance/10.0.0.9/3306');
    expect([instance.status, instance.body.error.code]).toEqual([404, 'orc_unknown_instance']);
    const mutation = await f.call('POST', '/api/set-read-only/10.0.0.9/3306');
    expect([mutation.status, mutation.body.error.code]).toEqual([404, 'orc_unknown_instance']);
    const forget = await f.call('POST', '/api/forget/10.0.0.9/3306');
    expect([forget.status, forget.body.error.code]).toEqual([404, 'orc_unknown_instance']);
    const cluster = await f.call('GET', '/api/topology/nosuch');
    expect([cluster.status, cluster.body.error.code]).toEqual([404, 'orc_unknown_cluster']);
    const takeover = await f.call('POST', '/api/graceful-master-takeover/nosuch');
    expect([takeover.status, takeover.body.error.code]).toEqual([404, 'orc_unknown_cluster']);
    const unknown = await f.call('GET', '/api/no-such-thing');
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toMatch(/^application\/json/);
    expect(unknown.body.error).toEqual({ code: 'orc_not_found', message: 'no such path: GET /api/no-such-thing' });
    expect(await observable(f)).toEqual(before);
  });

  it('405 with Allow: POST for a GET (or PUT, DELETE) on a mutation path, running nothing', async () => {
    const f = await apiFixture();
    const before = await observable(f);
    for (const [method, url] of [
      ['GET', '/api/force-master-failover/shop'],
      ['GET', `/api/set-read-only/${path(R1)}`],
      ['GET', '/api/disable-global-recoveries'],
      ['DELETE', `/api/forget/${path(R1)}`],
      ['PUT', '/api/graceful-master-takeover/shop'],
    ] as const) {
      const res = await f.call(method, url);
      expect(res.status, `${method} ${url}`).toBe(405);
      expect(res.headers.get('allow')).toBe('POST');
      expect(res.body.error.code).toBe('orc_method_not_allowed');
    }
    expect(await observable(f)).toEqual(before);
  });

  it('409 orc_lock_held when another change holds the instance lock: the topology is untouched', async () => {
    const f = await apiFixture();
    await f.store.acquireLock({ instance: parseInstanceKey(R1), owner: 'cli:bob', reason: 'resizing', acquiredAt: T0, expiresAt: T0 + 60_000 }, T0);
    const instanceBefore = await f.store.getInstance(parseInstanceKey(R1));
    const res = await f.call('POST', `/api/set-read-only/${path(R1)}`);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('orc_lock_held');
    expect(res.body.error.message).toMatch(/locked by cli:bob/);
    expect(f.control.calls).toEqual([]);
    expect(await f.store.getInstance(parseInstanceKey(R1))).toEqual(instanceBefore);
    expect((await f.store.listLocks(T0)).map((l) => l.owner)).toEqual(['cli:bob']);
    // The refusal itself is audited, with who asked.
    expect((await f.store.listAudit())[0]).toMatchObject({ action: 'set-read-only', actor: 'api:ops', outcome: 'refused' });
  });

  it('409 orc_refused when a safety check refuses (unfencing a server that is not fenced)', async () => {
    const f = await apiFixture();
    const res = await f.call('POST', `/api/unfence/${path(P)}`, { body: { reason: 'test' } });
    expect([res.status, res.body.error.code]).toEqual([409, 'orc_refused']);
  });

  it('502 orc_unreachable when the server does not answer (discover of a dead server)', async () => {
    const f = await apiFixture();
    f.probe.setDown('10.0.0.9:3306');
    const res = await f.call('POST', '/api/discover/10.0.0.9/3306');
    expect([res.status, res.body.error.code]).toEqual([502, 'orc_unreachable']);
    expect(res.body.error.message).toMatch(/cannot discover from 10.0.0.9:3306/);
  });

  it('504 orc_timeout when a statement was given up (outcome unknown, said in details)', async () => {
    const f = await apiFixture();
    f.control.giveUpOn(`setReadOnly ${R1} ON`);
    const res = await f.call('POST', `/api/set-read-only/${path(R1)}`);
    expect([res.status, res.body.error.code]).toEqual([504, 'orc_timeout']);
    expect(res.body.error.details).toMatchObject({ outcome: 'unknown', instance: R1 });
  });

  it('500 orc_operation_failed when a change fails part-way', async () => {
    const f = await apiFixture();
    f.control.failOn('stopReplica', R2);
    const res = await f.call('POST', `/api/stop-replica/${path(R2)}`);
    expect([res.status, res.body.error.code]).toEqual([500, 'orc_operation_failed']);
  });

  it('503 orc_store_failed when the store fails', async () => {
    const f = await apiFixture();
    f.store.listClusters = async () => {
      const { StoreError } = await import('../../../core/errors.js');
      throw new StoreError('listClusters: connection lost');
    };
    const res = await f.call('GET', '/api/clusters');
    expect([res.status, res.body.error]).toEqual([503, { code: 'orc_store_failed', message: 'listClusters: connection lost' }]);
  });
});
