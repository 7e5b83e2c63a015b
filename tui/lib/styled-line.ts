/** The colour roles the dashboard uses; components map them to terminal colours. */
export type Tone = 'normal' | 'dim' | 'ok' | 'warning' | 'danger' | 'accent';

/** A run of text drawn in one style. */
export interface Segment {
  readonly text: string;
  readonly tone?: Tone;
  readonly bold?: boolean;
  readonly inverse?: boolean;
}

/** One terminal row as styled segments; never contains a newline. */
export type StyledLine = readonly Segment[];

/** The plain text of a styled line, as a terminal would show it without colours. */
export function lineText(line: StyledLine): string {
  return line.map((s) => s.text).join('');
}
