import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labDown, labUp } from '../../../ci-env/lab.js';
import type { LabInfo } from '../../../ci-env/lab-types.js';
import { LAB_PORTS } from '../../support/ports.js';

// What an operator does with a release: `npm pack`, `npm install -g ./orc-*.tgz` on a machine without the sources,
// then `orc`. The install is real (dependencies from the npm cache or registry, better-sqlite3 compiled by its install
// script: the slow part, minutes on a busy 2-core machine), so the file does it once for all its checks.
const LAB = 't-release';
const REPO = fileURLToPath(new URL('../../..', import.meta.url));
const VERSION = (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string }).version;
const run = promisify(execFile);
const INSTALL_TIMEOUT_MS = 540_000;

/** Runs a command to its end, failing with its output when it fails; npm's progress goes to the test log. */
function sh(command: string, args: string[], cwd: string): Promise<string> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', fail);
    child.on('exit', (code) => (code === 0 ? done(out) : fail(new Error(`${command} ${args.join(' ')}: exit ${code}\n${out}\n${err}`))));
  });
}

describe('the release artifact (npm pack, npm install -g, orc)', () => {
  let tmp: string;
  let tarball: string;
  let orcBin: string;
  let lab: LabInfo;

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'orc-release-'));
    await labDown(LAB);
    const labReady = labUp({ name: LAB, basePort: LAB_PORTS.releaseArtifact, replicas: 1, chain: 0 });
    const packed = Date.now();
    // prepack builds dist/ when it is missing or older than the sources.
    await sh('npm', ['pack', '--pack-destination', tmp], REPO);
    tarball = join(tmp, readdirSync(tmp).find((f) => f.endsWith('.tgz'))!);
    const installed = Date.now();
    await sh('npm', ['install', '-g', tarball, '--prefix', join(tmp, 'prefix'), '--prefer-offline', '--no-audit', '--no-fund'], tmp);
    console.log(`release artifact: npm pack ${((installed - packed) / 1000).toFixed(1)} s, npm install -g ${((Date.now() - installed) / 1000).toFixed(1)} s`);
    orcBin = join(tmp, 'prefix', 'bin', 'orc');
    lab = await labReady;
  }, INSTALL_TIMEOUT_MS);

  afterAll(async () => {
    await labDown(LAB);
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('ships the compiled code, its entry and the README, not the sources or the tests', async () => {
    const files = (await run('tar', ['tzf', tarball])).stdout.trim().split('\n');
    expect(files).toEqual(expect.arrayContaining(['package/bin/orc.js', 'package/dist/src/cli/main.js', 'package/dist/src/agent/agent-main.js', 'package/README.md']));
    expect(files.filter((f) => /\.tsx?$/.test(f) || /^package\/(src|core|tui|test|ci-env|bench)\//.test(f))).toEqual([]);
  });

  it('the installed orc runs the compiled code: --version prints the package version', async () => {
    const home = join(tmp, 'prefix', 'lib', 'node_modules', 'orc');
    expect(existsSync(join(home, 'src'))).toBe(false);
    expect(existsSync(join(home, 'dist', 'src', 'cli', 'main.js'))).toBe(true);
    expect((await run(orcBin, ['--version'])).stdout).toBe(`${VERSION}\n`);
  });

  it('the installed orc discovers the lab and shows its topology, whichever side of the command --config is on', async () => {
    const primary = lab.instances.find((i) => i.role === 'primary')!.port;
    const replica = lab.instances.find((i) => i.role === 'replica')!.port;
    const discovered = await run(orcBin, ['--config', lab.config, 'discover', `127.0.0.1:${primary}`]);
    expect(discovered.stdout).toContain('discovered 2 reachable, 0 unreachable');
    const { stdout } = await run(orcBin, ['topology', LAB, '--config', lab.config]);
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toBe(`cluster ${LAB} (127.0.0.1:${primary})`);
    expect(lines[1]).toMatch(new RegExp(`^127\\.0\\.0\\.1:${primary}  primary  rw  writer`));
    expect(lines.filter((l) => l.includes(`127.0.0.1:${replica}`) && l.includes('replicating'))).toHaveLength(1);
  });

  it('in the checkout, bin/orc.js runs the dist/ that npm pack built, not the sources', async () => {
    // A loader hook that logs each module URL: the one proof of which main ran, since both print the same version.
    writeFileSync(join(tmp, 'hooks.mjs'), "import { writeSync } from 'node:fs';\nexport async function load(url, context, next) { writeSync(2, `load ${url}\\n`); return next(url, context); }\n");
    writeFileSync(join(tmp, 'trace.mjs'), `import { register } from 'node:module';\nregister(${JSON.stringify(`file://${join(tmp, 'hooks.mjs')}`)});\n`);
    const { stdout, stderr } = await run(process.execPath, ['--import', join(tmp, 'trace.mjs'), join(REPO, 'bin', 'orc.js'), '--version']);
    expect(stdout).toBe(`${VERSION}\n`);
    const loaded = stderr.split('\n').filter((l) => l.startsWith('load file://')).map((l) => l.slice('load file://'.length));
    expect(loaded).toContain(join(REPO, 'dist', 'src', 'cli', 'main.js'));
    expect(loaded.filter((f) => f.endsWith('.ts'))).toEqual([]);
    // --version loads the CLI's wiring only: no store, driver, dashboard or HTTP server.
    expect(loaded.filter((f) => /\/(kysely|mysql2|better-sqlite3|ink|react|fastify|zod)\//.test(f) || f.includes('/dist/core/store/'))).toEqual([]);
  });
});
