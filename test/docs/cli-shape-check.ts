import type { Command, Option } from 'commander';

/** What a checker needs of one CLI command: subcommands, options (and whether each takes a value), arguments. */
export interface CliNode {
  readonly name: string;
  subcommand(name: string): CliNode | null;
  readonly hasSubcommands: boolean;
  readonly takesArguments: boolean;
  /** undefined when neither this command nor an ancestor has the flag; else whether it takes a value. */
  flag(flag: string): boolean | undefined;
}

/** A CliNode over a commander command (the `orc` tree buildProgram returns). */
export function commanderNode(cmd: Command): CliNode {
  const own = (c: Command): readonly Option[] => c.options;
  return {
    name: cmd.name(),
    subcommand: (name) => {
      const sub = cmd.commands.find((c) => c.name() === name || c.aliases().includes(name));
      return sub ? commanderNode(sub) : null;
    },
    hasSubcommands: cmd.commands.length > 0,
    takesArguments: cmd.registeredArguments.length > 0,
    flag: (flag) => {
      if (flag === '--help' || flag === '-h') return false;
      for (let c: Command | null = cmd; c; c = c.parent) {
        const o = own(c).find((x) => x.long === flag || x.short === flag);
        if (o) return o.required || o.optional;
      }
      return undefined;
    },
  };
}

/** The path of subcommands a README command resolves to, and what in it the CLI would not accept. */
export interface ShapeCheck {
  readonly paths: string[][];
  readonly problems: string[];
}

const WORD = /^[a-z][a-z0-9-]*$/;

/**
 * Resolves a command's words (after the program name) against a CLI tree: lowercase words name subcommands while the
 * command has some (`a|b` are alternatives, each checked), flags must exist on the command or an ancestor (a flag
 * taking a value consumes the next word), placeholders (HOST:PORT, CLUSTER, `...`, values) need a command that takes
 * arguments or has subcommands, `[` `]` are syntax.
 */
export function checkShape(root: CliNode, words: readonly string[], program: string): ShapeCheck {
  const paths: string[][] = [];
  const problems: string[] = [];
  const walk = (node: CliNode, path: string[], i: number, argsSeen: boolean, valuePending: boolean): void => {
    if (i >= words.length) {
      paths.push(path);
      return;
    }
    const token = words[i]!.replace(/[[\]]/g, '');
    if (token === '' || token === '...' || token === '…') return walk(node, path, i + 1, argsSeen, false);
    const pieces = token.split('|').filter((p) => p !== '');
    if (!valuePending && pieces.every((p) => WORD.test(p)) && node.hasSubcommands && !argsSeen) {
      for (const piece of pieces) {
        const sub = node.subcommand(piece);
        if (sub) walk(sub, [...path, piece], i + 1, false, false);
        else problems.push(`\`${[program, ...path].join(' ')}\` has no subcommand "${piece}"`);
      }
      return;
    }
    let nextIsValue = false;
    let isArgument = false;
    for (const piece of pieces) {
      if (piece.startsWith('-')) {
        const [flag, inline] = piece.split('=');
        const takesValue = node.flag(flag!);
        if (takesValue === undefined) problems.push(`\`${[program, ...path].join(' ')}\` has no option ${flag}`);
        else if (takesValue && inline === undefined) nextIsValue = true;
      } else if (!valuePending) {
        isArgument = true;
        if (!node.takesArguments && !node.hasSubcommands) problems.push(`\`${[program, ...path].join(' ')}\` takes no argument, but README gives it "${piece}"`);
      }
    }
    walk(node, path, i + 1, argsSeen || isArgument, nextIsValue);
  };
  walk(root, [], 0, false, false);
  return { paths, problems };
}
