import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ServerRow } from '../../../core/probe/row-values.js';

/** One recorded server answer (see test/fixtures/server-output). */
export interface ServerOutputFixture {
  readonly source: string;
  readonly server: string;
  readonly statement: string;
  readonly state: string;
  readonly rows: ServerRow[];
}

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../../fixtures/server-output');

/** Reads test/fixtures/server-output/<dir>/<name>.json. */
export function loadFixture(dir: string, name: string): ServerOutputFixture {
  return JSON.parse(readFileSync(join(ROOT, dir, `${name}.json`), 'utf8')) as ServerOutputFixture;
}

/** The first row of a fixture, failing loudly when there is none. */
export function firstRow(dir: string, name: string): ServerRow {
  const row = loadFixture(dir, name).rows[0];
  if (!row) throw new Error(`fixture ${dir}/${name} has no rows`);
  return row;
}
