import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../core/config.js';
import { apiListenAddress } from '../../../src/api/listen-address.js';

const base = { topology: { user: 'orc' } };
const problemsOf = (raw: unknown, env = {}): string[] => {
  try {
    parseConfig(raw, env);
  } catch (err) {
    return ((err as { details: { problems: { where: string; message: string }[] } }).details.problems ?? []).map((p) => `${p.where}: ${p.message}`);
  }
  throw new Error('expected the config to be refused');
};

describe('api config', () => {
  it('has no API without a listen address, and defaults to a writable node with no credential', () => {
    expect(parseConfig(base).api).toEqual({ readOnly: false, tokens: [], basic: [] });
  });

  it('parses the listen address; a loopback one needs no credential', () => {
    expect(parseConfig({ ...base, api: { listen: '127.0.0.1:3000' } }).api.listen).toEqual({ host: '127.0.0.1', port: 3000 });
    expect(parseConfig({ ...base, api: { listen: '[::1]:0' } }).api.listen).toEqual({ host: '::1', port: 0 });
    expect(problemsOf({ ...base, api: { listen: '127.0.0.1' } })).toEqual(['api.listen: listen address "127.0.0.1": expected HOST:PORT']);
    expect(problemsOf({ ...base, api: { listen: '127.0.0.1:99999' } })[0]).toMatch(/port "99999" is not a number from 0 to 65535/);
  });

  it('refuses an address other hosts reach unless a credential is configured', () => {
    expect(problemsOf({ ...base, api: { listen: '0.0.0.0:3000' } })).toEqual([
      'api.listen: the API would listen on 0.0.0.0:3000, reachable from other hosts, with no credential: configure api.tokens or api.basic, or listen on 127.0.0.1',
    ]);
    const api = parseConfig({ ...base, api: { listen: '0.0.0.0:3000', tokens: [{ name: 'ops', token: 'x'.repeat(16), role: 'admin' }] } }).api;
    expect(api.tokens).toEqual([{ name: 'ops', token: 'x'.repeat(16), role: 'admin' }]);
  });

  it('takes secrets from ORC_API_TOKEN_<NAME> / ORC_API_PASSWORD_<USER>, and refuses a credential without one', () => {
    const raw = { ...base, api: { tokens: [{ name: 'ci-bot', role: 'read' }], basic: [{ user: 'alice', role: 'admin' }] } };
    const api = parseConfig(raw, { ORC_API_TOKEN_CI_BOT: 't'.repeat(20), ORC_API_PASSWORD_ALICE: 'secret-pw' }).api;
    expect(api.tokens[0]!.token).toBe('t'.repeat(20));
    expect(api.basic[0]!.password).toBe('secret-pw');
    expect(problemsOf(raw)).toEqual([
      'api.tokens.0.token: missing: set it in the file or in ORC_API_TOKEN_CI_BOT',
      'api.basic.0.password: missing: set it in the file or in ORC_API_PASSWORD_ALICE',
    ]);
    expect(problemsOf(raw, { ORC_API_TOKEN_CI_BOT: 'short', ORC_API_PASSWORD_ALICE: 'secret-pw' })).toEqual([
      'api.tokens.0.token: ORC_API_TOKEN_CI_BOT: a token needs at least 16 characters',
    ]);
  });

  it('refuses short secrets, unknown roles and duplicate credential names', () => {
    expect(problemsOf({ ...base, api: { tokens: [{ name: 'a', token: 'short', role: 'admin' }] } })).toEqual(['api.tokens.0.token: a token needs at least 16 characters']);
    expect(problemsOf({ ...base, api: { basic: [{ user: 'a', password: 'long-enough', role: 'root' }] } })[0]).toMatch(/^api.basic.0.role/);
    const dup = { ...base, api: { tokens: [{ name: 'a', token: 'x'.repeat(16), role: 'admin' }], basic: [{ user: 'a', password: 'long-enough', role: 'read' }] } };
    expect(problemsOf(dup)[0]).toMatch(/credential names .* must be unique/);
  });

  it('--listen overrides api.listen and is checked the same way', () => {
    const open = parseConfig({ ...base, api: { listen: '127.0.0.1:3000' } }).api;
    expect(apiListenAddress(undefined, open)).toEqual({ host: '127.0.0.1', port: 3000 });
    expect(apiListenAddress('127.0.0.1:0', open)).toEqual({ host: '127.0.0.1', port: 0 });
    expect(apiListenAddress(undefined, parseConfig(base).api)).toBeNull();
    expect(() => apiListenAddress('0.0.0.0:3000', open)).toThrow(/--listen: the API would listen on 0.0.0.0:3000/);
    expect(() => apiListenAddress('nonsense', open)).toThrow(expect.objectContaining({ code: 'orc_bad_input' }));
  });
});
