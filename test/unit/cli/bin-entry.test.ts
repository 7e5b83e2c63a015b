import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sourceState, STAMP_FILE } from '../../../bin/dist-freshness.js';

// bin/orc.js decides between dist/ and the sources on every run; this drives the real entry over a package root
// whose two mains only say which one ran, so the decision is checked without a 20-second compile.
const REPO = fileURLToPath(new URL('../../..', import.meta.url));
const run = promisify(execFile);

function file(root: string, path: string, text: string): void {
  mkdirSync(join(root, path, '..'), { recursive: true });
  writeFileSync(join(root, path), text);
}

const main = (said: string) => `export async function main() { process.stdout.write('${said}\\n'); return 0; }\n`;
const agentMain = (said: string) => `export async function agentMain() { process.stdout.write('${said}\\n'); return 0; }\n`;

describe('bin/orc.js', () => {
  let root: string;
  const orc = async (...args: string[]) => (await run(process.execPath, [join(root, 'bin/orc.js'), ...args])).stdout.trim();
  const stamp = () => writeFileSync(join(root, STAMP_FILE), JSON.stringify(sourceState(root)));
  const age = (path: string, secondsAgo: number) => {
    const t = new Date(Date.now() - secondsAgo * 1000);
    utimesSync(join(root, path), t, t);
  };

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'orc-bin-'));
    mkdirSync(join(root, 'bin'));
    for (const name of ['orc.js', 'dist-freshness.js']) copyFileSync(join(REPO, 'bin', name), join(root, 'bin', name));
    symlinkSync(join(REPO, 'node_modules'), join(root, 'node_modules'));
    file(root, 'package.json', '{ "type": "module" }\n');
    file(root, 'src/cli/main.ts', main('sources'));
    file(root, 'src/agent/agent-main.ts', agentMain('sources agent'));
    file(root, 'core/model.ts', 'export const x: number = 1;\n');
    file(root, 'tui/app.tsx', 'export const y: number = 2;\n');
    file(root, 'bot/slack-bot.ts', 'export const z: number = 3;\n');
    file(root, 'dist/src/cli/main.js', main('compiled'));
    file(root, 'dist/src/agent/agent-main.js', agentMain('compiled agent'));
    for (const path of ['src/cli/main.ts', 'src/agent/agent-main.ts', 'core/model.ts', 'tui/app.tsx', 'bot/slack-bot.ts']) age(path, 60);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('runs the sources while dist/ has no build stamp', async () => {
    expect(await orc('--version')).toBe('sources');
  });

  it('runs dist/ once the stamp matches the sources, for the CLI and for the agent', async () => {
    stamp();
    expect(await orc('--version')).toBe('compiled');
    expect(await orc('agent', '--config', 'x')).toBe('compiled agent');
  });

  it('falls back to the sources when one of them changed after the build', async () => {
    stamp();
    age('core/model.ts', 0);
    expect(await orc('--version')).toBe('sources');
    age('core/model.ts', 3600);
    expect(await orc('--version')).toBe('compiled');
  });

  it('falls back to the sources when a file was deleted, even with every mtime older than the stamp', async () => {
    file(root, 'tui/extra.ts', 'export {};\n');
    age('tui/extra.ts', 60);
    stamp();
    rmSync(join(root, 'tui/extra.ts'));
    expect(await orc('--version')).toBe('sources');
  });

  it('runs dist/ without any check where no sources ship (an installed package)', async () => {
    rmSync(join(root, STAMP_FILE));
    rmSync(join(root, 'src'), { recursive: true });
    expect(await orc('--version')).toBe('compiled');
  });
});
