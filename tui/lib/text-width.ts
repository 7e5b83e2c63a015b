import stringWidth from 'string-width';

// Printable ASCII is one cell per character: most of the dashboard's text, and string-width is costly per call.
const PRINTABLE_ASCII = /^[\x20-\x7E]*$/;

/** Terminal cells a string takes, by grapheme: wide, emoji and combining characters as a terminal draws them. */
export function textWidth(text: string): number {
  return PRINTABLE_ASCII.test(text) ? text.length : stringWidth(text);
}
