/** Escape sequences of the terminal's alternate screen (xterm private mode 1049). */
export const ALTERNATE_SCREEN = Object.freeze({
  enter: '\u001B[?1049h\u001B[2J\u001B[H',
  leave: '\u001B[?25h\u001B[?1049l',
});

/** Switches a terminal to its alternate screen and back; leave() is idempotent, and nothing is written to a non-TTY. */
export interface AlternateScreen {
  enter(): void;
  leave(): void;
}

/** Creates the alternate-screen switch for one output stream. */
export function alternateScreen(stream: Pick<NodeJS.WriteStream, 'write' | 'isTTY'>): AlternateScreen {
  let entered = false;
  return {
    enter() {
      if (entered || !stream.isTTY) return;
      stream.write(ALTERNATE_SCREEN.enter);
      entered = true;
    },
    leave() {
      if (!entered) return;
      entered = false;
      stream.write(ALTERNATE_SCREEN.leave);
    },
  };
}
