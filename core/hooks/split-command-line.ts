import { InputError } from '../errors.js';

const OPERATOR_CHARS = new Set(['|', '&', ';', '<', '>', '(', ')', '`', '$']);
const DOUBLE_QUOTE_ESCAPABLE = new Set(['"', '\\', '$', '`']);
const WHITESPACE = new Set([' ', '\t', '\r', '\n']);

/**
 * Splits an orchestrator-style hook command into argv the way a POSIX shell would split a simple command
 * (whitespace, '…', "…", backslash escapes, # comments), without running a shell; shell features that would
 * change what runs (operators, $ expansion, backticks, redirections, ~, VAR=x prefixes, several lines) are
 * refused with an InputError instead of being passed on as literal arguments.
 */
export function splitCommandLine(text: string): string[] {
  const words: string[] = [];
  let word: string | null = null;
  const fail = (what: string, at: number): never => {
    throw new InputError(`${what} at column ${at + 1}`, { input: text, column: at + 1 });
  };
  const refuseShell = (what: string, at: number): never => {
    throw new InputError(
      `${what} at column ${at + 1} is shell syntax, and a hook given as a string is not run by a shell: quote it to pass it literally, or use { "shell": "…" } and read values from ORC_* variables`,
      { input: text, column: at + 1 },
    );
  };

  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\n') {
      if (text.slice(i).trim() !== '') refuseShell('a newline between commands', i);
      break;
    }
    if (WHITESPACE.has(c)) {
      if (word !== null) words.push(word);
      word = null;
    } else if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) fail('unbalanced single quote', i);
      word = (word ?? '') + text.slice(i + 1, end);
      i = end;
    } else if (c === '"') {
      let j = i + 1;
      let quoted = '';
      for (; j < text.length && text[j] !== '"'; j++) {
        const d = text[j]!;
        if (d === '\\' && j + 1 < text.length && (DOUBLE_QUOTE_ESCAPABLE.has(text[j + 1]!) || text[j + 1] === '\n')) {
          if (text[j + 1] !== '\n') quoted += text[j + 1];
          j++;
        } else if (d === '$' || d === '`') {
          refuseShell(`"${d}" inside double quotes`, j);
        } else {
          quoted += d;
        }
      }
      if (j >= text.length) fail('unbalanced double quote', i);
      word = (word ?? '') + quoted;
      i = j;
    } else if (c === '\\') {
      if (i + 1 >= text.length) fail('trailing backslash', i);
      // Backslash-newline is a line continuation: it joins lines and adds nothing to the word.
      if (text[i + 1] !== '\n') word = (word ?? '') + text[i + 1];
      i++;
    } else if (c === '#' && word === null) {
      const newline = text.indexOf('\n', i);
      if (newline < 0) break;
      i = newline - 1;
    } else if (OPERATOR_CHARS.has(c)) {
      refuseShell(`"${c}"`, i);
    } else if (c === '~' && word === null) {
      refuseShell('"~" (home directory expansion)', i);
    } else {
      word = (word ?? '') + c;
    }
  }
  if (word !== null) words.push(word);
  if (words.length === 0) throw new InputError('empty command', { input: text });
  if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0]!)) {
    refuseShell(`the environment assignment "${words[0]}"`, text.indexOf(words[0]!));
  }
  return words;
}
