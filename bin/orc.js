#!/usr/bin/env node
// orc's entry: the compiled dist/ (`npm run build`) when it matches the sources, else the TypeScript sources through
// tsx. Why a check on every run instead of tests pinning the sources: tests, the lab's agents, the demo and
// developers all start this file, and none may ever run compiled code older than the sources beside it. The check
// (one stat per source file, see bin/dist-freshness.js) runs only in a checkout: an installed package ships no
// sources, so it runs dist/ at once.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { distIsFresh } from './dist-freshness.js';

// React (under the dashboard) picks its build when first loaded: the development one checks every render and is
// several times slower, so orc runs the production one unless the caller chose otherwise.
process.env.NODE_ENV ??= 'production';
const root = join(import.meta.dirname, '..');
const compiled = !existsSync(join(root, 'src')) || distIsFresh(root);
if (!compiled) {
  const { register } = await import('tsx/esm/api');
  register();
}
const entry = (path) => (compiled ? `../dist/${path}.js` : `../${path}.ts`);
// The agent runs beside every database server: it loads its own modules only, not the whole CLI.
if (process.argv[2] === 'agent') {
  const { agentMain } = await import(entry('src/agent/agent-main'));
  process.exitCode = await agentMain(process.argv);
} else {
  const { main } = await import(entry('src/cli/main'));
  process.exitCode = await main(process.argv);
}
