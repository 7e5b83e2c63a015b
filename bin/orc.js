#!/usr/bin/env node
// orc runs its TypeScript sources through tsx's loader, so a clone works without a build step.
import { register } from 'tsx/esm/api';

register();
// React (under the dashboard) picks its build when first loaded: the development one checks every render and is
// several times slower, so orc runs the production one unless the caller chose otherwise.
process.env.NODE_ENV ??= 'production';
// The agent runs beside every database server: it loads its own modules only, not the whole CLI.
if (process.argv[2] === 'agent') {
  const { agentMain } = await import('../src/agent/agent-main.ts');
  process.exitCode = await agentMain(process.argv);
} else {
  const { main } = await import('../src/cli/main.ts');
  process.exitCode = await main(process.argv);
}
