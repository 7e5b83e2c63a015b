#!/usr/bin/env node
// `npm run build`: compiles bot/, core/, src/ and tui/ into dist/ with tsc, then records the sources it compiled in the
// stamp bin/orc.js checks. `--if-needed` (npm test, npm run demo, npm pack) skips the compile when the stamp is current.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { distIsFresh, SOURCE_DIRS, sourceState, STAMP_FILE } from '../bin/dist-freshness.js';

const root = join(import.meta.dirname, '..');
if (process.argv.includes('--if-needed') && distIsFresh(root)) process.exit(0);
// Read before compiling: a file saved during the compile is newer than the stamp, so the next run sees dist as stale.
const state = sourceState(root);
rmSync(join(root, STAMP_FILE), { force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const started = Date.now();
const run = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
if (run.status !== 0) {
  process.stderr.write(`build: tsc failed (exit ${run.status ?? run.signal}); dist/ is not usable\n`);
  process.exit(1);
}
// tsc overwrites dist/ in place (a running orc may still import from it); compiled files of deleted sources go here.
for (const dir of SOURCE_DIRS) {
  for (const entry of readdirSync(join(root, 'dist', dir), { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.js')) continue;
    const compiledFile = join(entry.parentPath, entry.name);
    const source = join(root, relative(join(root, 'dist'), compiledFile)).replace(/\.js$/, '');
    if (!existsSync(`${source}.ts`) && !existsSync(`${source}.tsx`)) rmSync(compiledFile);
  }
}
mkdirSync(dirname(join(root, STAMP_FILE)), { recursive: true });
writeFileSync(join(root, STAMP_FILE), `${JSON.stringify({ ...state, builtAt: new Date().toISOString() })}\n`);
process.stderr.write(`build: dist/ compiled from ${state.files} source files in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
