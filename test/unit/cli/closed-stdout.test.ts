import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliStore, type CliStore } from '../../support/cli-store.js';

const BIN = fileURLToPath(new URL('../../../bin/orc.js', import.meta.url));

/** Runs bin/orc.js with its stdout a pipe whose reading end is closed before orc writes anything (`| head -0`). */
function orcWithClosedStdout(...args: string[]): Promise<{ code: number | null; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, err }));
  });
}

describe('a closed stdout', () => {
  let cli: CliStore;
  beforeAll(async () => {
    cli = await cliStore();
    await cli.seedClusters(40);
  });
  afterAll(async () => cli?.close());

  it('ends a command that prints many lines quietly, with its own status', async () => {
    expect(await orcWithClosedStdout('clusters', '--config', cli.config)).toEqual({ code: 0, err: '' });
    expect(await orcWithClosedStdout('--help')).toEqual({ code: 0, err: '' });
  });

  it('still shows a failing command its one coded line on stderr', async () => {
    expect(await orcWithClosedStdout('clusters', '--config', '/nonexistent/orc.json')).toEqual({
      code: 1,
      err: 'orc: cannot read config file /nonexistent/orc.json: ENOENT [orc_config_invalid]\n',
    });
  });
});
