import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, parseConfig } from '../../../core/config.js';

describe('config', () => {
  it('applies defaults and freezes deeply', () => {
    const cfg = parseConfig({ topology: { user: 'orc' }, discovery: { seeds: ['127.0.0.1:3306'] } });
    expect(cfg.discovery.pollIntervalMs).toBe(1000);
    expect(cfg.discovery.seeds).toEqual([{ host: '127.0.0.1', port: 3306 }]);
    expect(cfg.store.kind).toBe('sqlite');
    expect(Object.isFrozen(cfg.topology)).toBe(true);
    expect(() => {
      (cfg.topology as { user: string }).user = 'x';
    }).toThrow(TypeError);
  });

  it.each([
    [{}, 'topology'],
    [{ topology: { user: 'x', pasword: 'y' } }, 'topology: unknown key "pasword"'],
    [{ topology: { user: 'x' }, discovery: { seeds: ['nope'] } }, 'discovery.seeds.0: malformed instance "nope"'],
    [{ topology: { user: 'x' }, discovery: { pollIntervalMs: '1000' } }, 'discovery.pollIntervalMs'],
    [{ topology: { user: 'x' }, store: { kind: 'postgres' } }, 'store.kind'],
    [{ topology: { user: 'x' }, extra: 1 }, 'unknown key "extra"'],
    [{ topology: { user: 'x' }, replication: { user: 'r', heartbeatPeriodSeconds: 10 } }, 'replication.heartbeatPeriodSeconds: heartbeatPeriodSeconds must not exceed recovery.maxHeartbeatPeriodMs'],
    [{ topology: { user: 'x' }, recovery: { maxHeartbeatPeriodMs: 120_000 } }, 'recovery.maxHeartbeatPeriodMs'],
  ])('rejects %j naming the key', (raw, part) => {
    expect(() => parseConfig(raw)).toThrow(part);
  });

  it("accepts orc's own heartbeat period up to the longest one that confirms a hung primary", () => {
    const cfg = parseConfig({ topology: { user: 'x' }, replication: { user: 'r', heartbeatPeriodSeconds: 10 }, recovery: { maxHeartbeatPeriodMs: 10_000 } });
    expect(cfg.recovery.maxHeartbeatPeriodMs).toBe(10_000);
    expect(parseConfig({ topology: { user: 'x' } }).recovery.maxHeartbeatPeriodMs).toBe(5_000);
  });

  it('takes passwords from the environment and resolves the SQLite path next to the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'orc-config-'));
    const file = join(dir, 'orc.json');
    writeFileSync(file, JSON.stringify({ topology: { user: 'orc', password: 'in-file' }, store: { kind: 'sqlite', path: 'state.db' } }));
    const cfg = loadConfig(file, { ORC_TOPOLOGY_PASSWORD: 'from-env' });
    expect(cfg.topology.password).toBe('from-env');
    expect(cfg.store).toEqual({ kind: 'sqlite', path: join(dir, 'state.db') });
  });

  it('names a missing file and bad JSON', () => {
    expect(() => loadConfig('/nonexistent/orc.json', {})).toThrow('cannot read config file /nonexistent/orc.json: ENOENT');
    const dir = mkdtempSync(join(tmpdir(), 'orc-config-'));
    writeFileSync(join(dir, 'bad.json'), '{ nope');
    expect(() => loadConfig(join(dir, 'bad.json'), {})).toThrow('is not valid JSON');
    expect(() => loadConfig(undefined, {})).toThrow('pass --config PATH or set ORC_CONFIG');
  });
});
