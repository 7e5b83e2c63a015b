import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../core/config.js';
import { ConfigError } from '../../../core/errors.js';

describe('service config', () => {
  it('defaults to a 5 s lease renewed every second, with no name', () => {
    expect(parseConfig({ topology: { user: 'orc' } }).service).toEqual({ leaseMs: 5000, renewMs: 1000 });
    expect(parseConfig({ topology: { user: 'orc' }, service: { leaseMs: 2000, renewMs: 500, name: 'orc-east' } }).service).toEqual({
      leaseMs: 2000,
      renewMs: 500,
      name: 'orc-east',
    });
  });

  it('refuses a renewal period of half the lease or more, and unknown keys', () => {
    expect(() => parseConfig({ topology: { user: 'orc' }, service: { leaseMs: 2000, renewMs: 1000 } })).toThrow(
      'config: service.renewMs: renewMs must be less than half of leaseMs',
    );
    expect(() => parseConfig({ topology: { user: 'orc' }, service: { renewMs: 3000 } })).toThrow(ConfigError);
    expect(() => parseConfig({ topology: { user: 'orc' }, service: { leaseSeconds: 5 } })).toThrow(/service: unknown key "leaseSeconds"/);
  });
});
