import { spawn, type ChildProcess } from 'node:child_process';
import { openSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { labInfo, labStatus, labUp } from '../../ci-env/lab.js';
import type { LabInfo } from '../../ci-env/lab-types.js';

// The demo is an operator's script: it brings up (or reuses) a local lab, runs `orc serve` against it in the
// background and opens `orc tui` in this terminal; quitting the dashboard stops the service it started.
const LAB = 'orc-demo';
const BASE_PORT = 23306;
const repo = resolve(import.meta.dirname, '../..');
const orcBin = join(repo, 'bin/orc.js');

async function ensureLab(): Promise<LabInfo> {
  try {
    const status = await labStatus(LAB);
    if (status.instances.every((i) => i.alive)) return await labInfo(LAB);
    throw new Error(`lab ${LAB} exists but not every server is alive: run ci-env/lab down --name ${LAB}`);
  } catch (err) {
    if ((err as { code?: string }).code !== 'orc_lab_failed' || !/no lab|not found|does not exist/i.test((err as Error).message)) throw err;
  }
  process.stderr.write(`demo: building lab ${LAB} on 127.0.0.1:${BASE_PORT}-${BASE_PORT + 3}\n`);
  return labUp({ name: LAB, basePort: BASE_PORT });
}

function run(args: string[], stdio: 'inherit' | 'ignore' = 'inherit'): Promise<number> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [orcBin, ...args], { stdio });
    child.on('error', fail);
    child.on('exit', (code) => done(code ?? 1));
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((done) => {
    if (child.exitCode !== null) return done();
    child.once('exit', () => done());
    child.kill('SIGTERM');
  });
}

async function main(): Promise<number> {
  const lab = await ensureLab();
  const primary = lab.instances.find((i) => i.role === 'primary')!;
  if ((await run(['discover', `127.0.0.1:${primary.port}`, '--config', lab.config], 'ignore')) !== 0) {
    process.stderr.write('demo: orc discover failed; see `orc discover` output\n');
    return 1;
  }
  const log = join(lab.dir, 'orc-serve.log');
  const service = spawn(process.execPath, [orcBin, 'serve', '--config', lab.config], { stdio: ['ignore', openSync(log, 'a'), openSync(log, 'a')] });
  process.stderr.write(`demo: orc serve running (pid ${service.pid}), log ${log}\n`);
  try {
    return await run(['tui', '--config', lab.config]);
  } finally {
    await stopChild(service);
    process.stderr.write(
      `demo: service stopped. The lab is still up: try faults from another terminal while the dashboard runs\n` +
        `  ci-env/lab kill ${BASE_PORT + 2} --name ${LAB}    ci-env/lab start ${BASE_PORT + 2} --name ${LAB}\n` +
        `  ci-env/lab down --name ${LAB}                    (removes it)\n`,
    );
  }
}

process.exitCode = await main().catch((err: unknown) => {
  process.stderr.write(`demo: ${err instanceof Error ? err.message : String(err)}\n`);
  return 1;
});
