import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { CliNode } from './cli-shape-check.js';

const LAB = join(fileURLToPath(new URL('../..', import.meta.url)), 'ci-env', 'lab');

async function help(args: readonly string[]): Promise<string> {
  const { stdout } = await promisify(execFile)(LAB, [...args, '--help'], { timeout: 60_000 });
  return stdout;
}

/** The lines of a commander help section ("Options:", "Commands:") up to the next blank line. */
function section(text: string, title: string): string[] {
  const lines = text.split('\n');
  const start = lines.indexOf(title);
  if (start < 0) return [];
  const end = lines.findIndex((l, i) => i > start && l.trim() === '');
  return lines.slice(start + 1, end < 0 ? undefined : end);
}

/**
 * The `ci-env/lab` CLI as its own `--help` describes it: its verbs, and for the verbs asked for, their options
 * (read from `ci-env/lab VERB --help`, so the test checks what the real lab accepts, not a copy of it).
 */
export async function labCliNode(verbsToDescribe: readonly string[]): Promise<CliNode> {
  const verbs = new Map<string, boolean>();
  for (const line of section(await help([]), 'Commands:')) {
    const m = /^ {2}([a-z][a-z0-9-]*)(.*?)\s{2,}/.exec(line);
    if (m && m[1] !== 'help') verbs.set(m[1]!, /<[^>]+>/.test(m[2]!));
  }
  const options = new Map<string, Map<string, boolean>>();
  const described = verbsToDescribe.filter((v) => verbs.has(v));
  // One at a time: a burst of tsx processes would starve the lab scenarios running beside this test on 2 cores.
  const helps: string[] = [];
  for (const verb of described) helps.push(await help([verb]));
  for (const [i, verb] of described.entries()) {
    const flags = new Map<string, boolean>();
    for (const line of section(helps[i]!, 'Options:')) {
      const m = /^\s+(?:(-[a-zA-Z]), )?(--[a-z0-9-]+)( <[^>]+>| \[[^\]]+\])?/.exec(line);
      if (!m) continue;
      flags.set(m[2]!, m[3] !== undefined);
      if (m[1]) flags.set(m[1], m[3] !== undefined);
    }
    options.set(verb, flags);
  }
  const verbNode = (verb: string): CliNode => ({
    name: verb,
    subcommand: () => null,
    hasSubcommands: false,
    takesArguments: verbs.get(verb) ?? false,
    flag: (flag) => options.get(verb)?.get(flag),
  });
  return {
    name: 'ci-env/lab',
    subcommand: (name) => (verbs.has(name) ? verbNode(name) : null),
    hasSubcommands: true,
    takesArguments: false,
    flag: (flag) => (flag === '--help' || flag === '-h' ? false : undefined),
  };
}
