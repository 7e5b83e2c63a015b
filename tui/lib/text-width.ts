import stringWidth from 'string-width';

/** Terminal cells a string takes, by grapheme: wide, emoji and combining characters as a terminal draws them. */
export function textWidth(text: string): number {
  return stringWidth(text);
}
