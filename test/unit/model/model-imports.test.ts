import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const MODEL = join(import.meta.dirname, '../../../core/model');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^\s*(?:import|export)\b[^;]*?\bfrom\s+'([^']+)'/gms)].map((m) => m[1]!);
}

describe('core/model', () => {
  it('imports only other core modules: no driver, no node built-in, no package', () => {
    const files = sources(MODEL);
    expect(files.length).toBeGreaterThan(5);
    const outside = files.flatMap((file) =>
      importsOf(file)
        .filter((spec) => !spec.startsWith('.'))
        .map((spec) => `${relative(MODEL, file)} imports ${spec}`),
    );
    expect(outside).toEqual([]);
  });
});
