import { EventEmitter } from 'node:events';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/main.js';
import { captureIo } from '../support/capture-io.js';
import { checkShape, commanderNode, type CliNode } from './cli-shape-check.js';
import { labCliNode } from './lab-cli-node.js';
import { readmeCommands, type ReadmeCommand } from './readme-commands.js';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const README = readFileSync(join(REPO, 'README.md'), 'utf8');
const SCRIPTS = Object.keys((JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts);
const NPM_COMMANDS = ['install', 'ci', 'pack', 'test'];

/** Every test source (outside this directory): where a command must be run for README to show it. */
function testSources(): { path: string; text: string }[] {
  const files: { path: string; text: string }[] = [];
  const visit = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) visit(path);
      else if (/\.(ts|tsx)$/.test(name)) files.push({ path: relative(REPO, path), text: readFileSync(path, 'utf8') });
    }
  };
  visit(join(REPO, 'test'));
  return files.filter((f) => !f.path.startsWith('test/docs/'));
}

function quotedSequence(words: readonly string[]): RegExp {
  return new RegExp(words.map((w) => `['"\`]${w.replace(/[-]/g, '\\-')}['"\`]`).join(',\\s*'));
}

function where(c: ReadmeCommand): string {
  return `README.md:${c.line} \`${c.program} ${c.words.join(' ')}\``;
}

/**
 * Keeps README honest. A command README.md shows (a line of a ```sh block, or an inline `orc ...`, `ci-env/lab ...`
 * or `npm ...` span) counts as exercised when:
 * - orc: every subcommand word resolves in the commander tree the CLI builds (buildProgram), every flag is an option
 *   of that command or an ancestor, and a placeholder is only given to a command that takes arguments; and some
 *   test under test/ runs that command path, passing its words as consecutive string literals (`'seed', 'start'`);
 * - ci-env/lab: the verb and every flag appear in the lab CLI's own `--help` (the real program is asked); and some
 *   test that uses the lab passes the verb as a string literal to the lab CLI, or calls the function the lab CLI
 *   runs for a server verb (`stop` -> stopServer(...));
 * - npm: `npm run X` / `npm X` names a script of package.json (or an npm command: install, ci, pack, test).
 * Any other program in a sh block fails the test: README shows only commands this test can check.
 */
describe('README.md commands', () => {
  const commands = readmeCommands(README);
  const sources = testSources();
  let orcRoot: CliNode;
  let labRoot: CliNode;

  beforeAll(async () => {
    orcRoot = commanderNode(buildProgram(captureIo(), new EventEmitter(), {}) as unknown as Command);
    const labVerbs = commands.filter((c) => c.program === 'ci-env/lab').flatMap((c) => (c.words[0] ?? '').split('|'));
    labRoot = await labCliNode([...new Set(labVerbs)]);
  }, 120_000);

  it('finds the commands README shows (orc, ci-env/lab and npm)', () => {
    const programs = new Set(commands.map((c) => c.program));
    expect([...programs].sort()).toEqual(['ci-env/lab', 'npm', 'orc']);
    expect(commands.filter((c) => c.program === 'orc').length).toBeGreaterThan(20);
  });

  it('shows only programs this test can check', () => {
    expect(commands.filter((c) => !['orc', 'ci-env/lab', 'npm'].includes(c.program)).map(where)).toEqual([]);
  });

  it('every orc command exists with its options, and a test runs it', () => {
    const problems: string[] = [];
    for (const c of commands.filter((x) => x.program === 'orc')) {
      const shape = checkShape(orcRoot, c.words, 'orc');
      problems.push(...shape.problems.map((p) => `${where(c)}: ${p}`));
      for (const path of shape.paths.filter((p) => p.length > 0)) {
        if (!sources.some((s) => quotedSequence(path).test(s.text))) problems.push(`${where(c)}: no test runs \`orc ${path.join(' ')}\``);
      }
    }
    expect(problems).toEqual([]);
  });

  it('every ci-env/lab command exists with its options, and a test runs it', () => {
    const problems: string[] = [];
    const labTests = sources.filter((s) => s.text.includes('ci-env/lab'));
    for (const c of commands.filter((x) => x.program === 'ci-env/lab')) {
      const shape = checkShape(labRoot, c.words, 'ci-env/lab');
      problems.push(...shape.problems.map((p) => `${where(c)}: ${p}`));
      for (const [verb] of shape.paths) {
        if (verb !== undefined && !labTests.some((s) => quotedSequence([verb]).test(s.text) || s.text.includes(`${verb}Server(`))) problems.push(`${where(c)}: no lab test runs \`ci-env/lab ${verb}\``);
      }
    }
    expect(problems).toEqual([]);
  });

  it('every npm command names a script of package.json', () => {
    const problems: string[] = [];
    for (const c of commands.filter((x) => x.program === 'npm')) {
      const [verb, script] = c.words;
      if (verb === 'run') {
        if (script === undefined || !SCRIPTS.includes(script)) problems.push(`${where(c)}: package.json has no script "${script}"`);
      } else if (verb === undefined || !NPM_COMMANDS.includes(verb)) problems.push(`${where(c)}: not an npm command README may show`);
    }
    expect(problems).toEqual([]);
  });
});

describe('README command checks can fail', () => {
  it('flags an unknown subcommand, an unknown option and an argument to a command that takes none', () => {
    const root = commanderNode(buildProgram(captureIo(), new EventEmitter(), {}) as unknown as Command);
    expect(checkShape(root, ['seed', 'launch'], 'orc').problems).toEqual(['`orc seed` has no subcommand "launch"']);
    expect(checkShape(root, ['clusters', '--colour'], 'orc').problems).toEqual(['`orc clusters` has no option --colour']);
    expect(checkShape(root, ['nodes', 'EXTRA'], 'orc').problems).toEqual(['`orc nodes` takes no argument, but README gives it "EXTRA"']);
    expect(checkShape(root, ['downtime', 'begin', 'HOST:PORT', '--for', 'DURATION|--until', 'DATE', '--reason', 'TEXT'], 'orc')).toEqual({
      paths: [['downtime', 'begin']],
      problems: [],
    });
  });

  it('extracts sh lines without comments or later pipeline stages, and inline orc spans', () => {
    const found = readmeCommands(['```sh', 'orc discover H:P | head -1   # first line', '```', 'Run `orc clusters --json` or `ls`.'].join('\n'));
    expect(found.map((c) => [c.line, c.program, c.words.join(' ')])).toEqual([
      [2, 'orc', 'discover H:P'],
      [4, 'orc', 'clusters --json'],
    ]);
  });
});
