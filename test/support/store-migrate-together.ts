import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { StoreConfig } from '../../core/store/open-store.js';

interface Child {
  readonly ready: Promise<void>;
  readonly done: Promise<string>;
  go(): void;
}

function startChild(config: StoreConfig): Child {
  const script = join(import.meta.dirname, 'store-migrate-child.ts');
  const proc = spawn(process.execPath, ['--import', 'tsx', script, JSON.stringify(config)], { cwd: join(import.meta.dirname, '../..') });
  let stdout = '';
  let stderr = '';
  let onReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  proc.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    if (stdout.startsWith('ready\n')) onReady();
  });
  proc.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const done = new Promise<string>((resolve, reject) => {
    proc.on('error', reject);
    proc.on('close', (code) => {
      if (code === 0) resolve(stdout.slice('ready\n'.length));
      else reject(new Error(`migration child exited with ${code}: ${stderr.trim()}`));
    });
  });
  // A child that dies before "ready" must not leave the caller waiting forever.
  void done.catch(() => onReady());
  return { ready, done, go: () => proc.stdin.write('go\n') };
}

/** Migrates the store at config from `count` processes released at the same moment; returns each one's results. */
export async function migrateTogether(config: StoreConfig, count: number): Promise<{ migrationName: string; status: string }[][]> {
  const children = Array.from({ length: count }, () => startChild(config));
  await Promise.all(children.map((c) => c.ready));
  for (const child of children) child.go();
  const outputs = await Promise.all(children.map((c) => c.done));
  return outputs.map((text) => JSON.parse(text) as { migrationName: string; status: string }[]);
}
