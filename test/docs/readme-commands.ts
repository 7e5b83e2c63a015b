/** One command README.md shows, where it shows it, split into words (placeholders and options included). */
export interface ReadmeCommand {
  readonly text: string;
  readonly line: number;
  readonly program: string;
  readonly words: readonly string[];
}

const PROGRAMS = ['orc', 'ci-env/lab', 'npm'] as const;

/**
 * Every command in README.md: each line of a ```sh block (comments dropped, pipelines cut at `|`, `&&` and `;`),
 * and every inline code span that starts with `orc `, `ci-env/lab ` or `npm ` in prose and tables.
 */
export function readmeCommands(markdown: string): ReadmeCommand[] {
  const commands: ReadmeCommand[] = [];
  const lines = markdown.split('\n');
  let fence: string | null = null;
  lines.forEach((line, index) => {
    const opening = /^\s*```(\S*)/.exec(line);
    if (opening) {
      fence = fence === null ? opening[1]! : null;
      return;
    }
    if (fence === 'sh' || fence === 'bash' || fence === 'shell') {
      for (const part of shellParts(line)) commands.push(command(part, index + 1));
    } else if (fence === null) {
      for (const span of line.matchAll(/`([^`]+)`/g)) {
        const text = span[1]!.trim();
        if (PROGRAMS.some((p) => text.startsWith(`${p} `) || text === p) && !text.startsWith('npm install')) {
          for (const part of shellParts(text)) if (PROGRAMS.some((p) => part.startsWith(`${p} `) || part === p)) commands.push(command(part, index + 1));
        }
      }
    }
  });
  return commands;
}

function shellParts(line: string): string[] {
  const code = line.replace(/(^|\s)#.*$/, '').trim();
  if (code === '') return [];
  // A pipeline's later stages (`| head -1`) are other programs reading orc's output: only the first is orc's.
  const first = code.split(/\s\|\s/)[0]!;
  return first.split(/\s(?:&&|;)\s/).map((p) => p.trim()).filter((p) => p !== '');
}

function command(text: string, line: number): ReadmeCommand {
  const words = text.split(/\s+/);
  return { text, line, program: words[0]!, words: words.slice(1) };
}
