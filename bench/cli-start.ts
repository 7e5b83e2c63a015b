import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { distIsFresh } from '../bin/dist-freshness.js';

// bench/cli-start: how long `orc --version`, `orc --help` and `orc clusters --help` take through the built bin/orc.js
// (compiled dist/, freshness check included), against a bare `node -e 0` measured in the same run. The commands run
// interleaved, round after round, so a burst of load on the machine hits every command alike, not one of them.
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ORC_BIN = fileURLToPath(new URL('../bin/orc.js', import.meta.url));
const args = new Map(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=') as [string, string]));
const ROUNDS = Number(args.get('rounds') ?? 40);
const TARGET_RATIO = 3;

const COMMANDS: readonly (readonly [string, readonly string[]])[] = [
  ['node -e 0', ['-e', '0']],
  ['orc --version', [ORC_BIN, '--version']],
  ['orc --help', [ORC_BIN, '--help']],
  ['orc clusters --help', [ORC_BIN, 'clusters', '--help']],
];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const round = (ms: number) => Math.round(ms * 10) / 10;

/** Wall time of one run from spawn to exit; a failing command fails the bench rather than timing an error path. */
function timeOnce(argv: readonly string[]): Promise<number> {
  return new Promise((done, fail) => {
    const started = performance.now();
    const child = spawn(process.execPath, argv, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', fail);
    child.on('exit', (code) => (code === 0 ? done(performance.now() - started) : fail(new Error(`node ${argv.join(' ')}: exit ${code}: ${err}`))));
  });
}

async function main(): Promise<void> {
  if (!distIsFresh(ROOT)) throw new Error('dist/ is missing or older than the sources: run `npm run build` first');
  const samples = new Map(COMMANDS.map(([name]) => [name, [] as number[]]));
  for (const [, argv] of COMMANDS) await timeOnce(argv); // warm the page cache once; not counted
  for (let r = 0; r < ROUNDS; r++) for (const [name, argv] of COMMANDS) samples.get(name)!.push(await timeOnce(argv));
  const baselineP50 = percentile([...samples.get('node -e 0')!].sort((a, b) => a - b), 50);
  const commands = COMMANDS.map(([name]) => {
    const sorted = [...samples.get(name)!].sort((a, b) => a - b);
    const p50 = percentile(sorted, 50);
    return { command: name, runs: sorted.length, p50Ms: round(p50), p99Ms: round(percentile(sorted, 99)), maxMs: round(sorted[sorted.length - 1]!), ratioP50: round(p50 / baselineP50) };
  });
  const orcRows = commands.filter((c) => c.command !== 'node -e 0');
  const version = (JSON.parse(readFileSync(`${ROOT}/package.json`, 'utf8')) as { version: string }).version;
  const result = {
    bench: 'cli-start',
    version,
    node: process.version,
    rounds: ROUNDS,
    compiled: existsSync(`${ROOT}/dist/src/cli/main.js`),
    baselineP50Ms: round(baselineP50),
    targetRatio: TARGET_RATIO,
    targetMet: orcRows.every((c) => c.ratioP50 < TARGET_RATIO),
    commands,
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

await main();
