import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, parseConfig } from '../../../core/config.js';

function configFile(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'orc-config-')), 'orc.json');
  writeFileSync(file, text);
  return file;
}

function thrown(run: () => unknown): { code: string; message: string; details: Record<string, unknown> } {
  try {
    run();
  } catch (err) {
    return err as { code: string; message: string; details: Record<string, unknown> };
  }
  throw new Error('expected a ConfigError');
}

describe('config problems', () => {
  it('names the line and column of a JSON syntax error', () => {
    const file = configFile('{\n  "topology": { "user": "orc" },\n  "discovery": { "seeds": ["db1:3306"] }\n  "store": {}\n}\n');
    expect(thrown(() => loadConfig(file, {}))).toMatchObject({
      code: 'orc_config_invalid',
      message: `config file ${file} is not valid JSON at line 4, column 3: Expected ',' or '}' after property value`,
      details: { problems: [{ where: 'line 4, column 3' }] },
    });
  });

  it('names the end of a truncated file', () => {
    const file = configFile('{\n  "topology": ');
    expect(thrown(() => loadConfig(file, {})).message).toBe(`config file ${file} is not valid JSON at line 2, column 15: Unexpected end of JSON input`);
  });

  it('lists every validation problem at once, each with its key path', () => {
    const err = thrown(() => parseConfig({ topology: { user: 'x', pasword: 'y' }, discovery: { pollIntervalMs: '1000', seeds: ['nope'] }, extra: 1 }));
    expect(err.code).toBe('orc_config_invalid');
    const problems = err.details.problems as { where: string }[];
    expect(problems.map((p) => p.where).sort()).toEqual(['(top level)', 'discovery.pollIntervalMs', 'discovery.seeds.0', 'topology']);
    expect(err.message).toMatch(/^config: /);
    for (const part of ['topology: unknown key "pasword"', '(top level): unknown key "extra"', 'discovery.seeds.0: malformed instance "nope"', 'discovery.pollIntervalMs: ']) {
      expect(err.message).toContain(part);
    }
  });
});
