#!/usr/bin/env node
// orc runs its TypeScript sources through tsx's loader, so a clone works without a build step.
import { register } from 'tsx/esm/api';

register();
// The agent runs beside every database server: it loads its own modules only, not the whole CLI.
if (process.argv[2] === 'agent') {
  const { agentMain } = await import('../src/agent/agent-main.ts');
  process.exitCode = await agentMain(process.argv);
} else {
  const { main } = await import('../src/cli/main.ts');
  process.exitCode = await main(process.argv);
}
