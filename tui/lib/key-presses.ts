import type { KeyFlags } from './key-map.js';

/** One key press: the text Ink read and its flags. */
export interface KeyPress {
  readonly input: string;
  readonly key: KeyFlags;
}

/**
 * The key presses in what Ink read at once (pure). Keys typed faster than the terminal is read (over a slow SSH
 * link, on a loaded machine) or pasted arrive as one chunk such as "/db-7\r": each character is its own press, a
 * carriage return Enter and DEL/BS Backspace, so "/" still opens the filter and the rest types into it. A chunk
 * with an escape sequence (arrows, function keys) is left whole for Ink's own parsing.
 */
export function keyPresses(input: string, key: KeyFlags): KeyPress[] {
  const chars = Array.from(input);
  if (chars.length <= 1 || key.ctrl || key.meta || input.includes('\u001B')) return [{ input, key }];
  return chars.map((c): KeyPress => {
    if (c === '\r' || c === '\n') return { input: '', key: { return: true } };
    if (c === '\u007F' || c === '\b') return { input: '', key: { backspace: true } };
    if (c === '\t') return { input: '', key: { tab: true } };
    return { input: c, key: {} };
  });
}
