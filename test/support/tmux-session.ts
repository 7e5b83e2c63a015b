import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';

/** How to start a command in a private tmux server. */
export interface TmuxSessionOptions {
  /** The program and its arguments (run without a shell when there are two or more). */
  readonly command: readonly string[];
  readonly columns?: number;
  readonly rows?: number;
  readonly cwd?: string;
  /** Extra environment for the command; CI and TMUX are always removed (Ink draws no live frames when CI is set). */
  readonly env?: Readonly<Record<string, string>>;
}

const TARGET = 'main';
const POLL_MS = 25;

/**
 * A command running in its own tmux server (`tmux -L <unique socket>`), for real-terminal tests: send keys one at
 * a time, poll the screen for text, resize, read the exit status; kill() stops only this socket's server.
 * Read a screen restored after the alternate screen while the command still runs: tmux 3.3 drops the main
 * screen's earlier rows once a pane that used the alternate screen dies.
 */
export class TmuxSession {
  private socketPath: string | null = null;

  private constructor(
    /** The private socket name, unique per session. */
    readonly socket: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  /** Starts the command detached at the given size (default 100×30); the pane stays after the command exits. */
  static async start(options: TmuxSessionOptions): Promise<TmuxSession> {
    const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
    delete env.CI;
    delete env.TMUX;
    const socket = `orc-test-${process.pid}-${randomBytes(4).toString('hex')}`;
    const session = new TmuxSession(socket, env);
    const size = ['-x', String(options.columns ?? 100), '-y', String(options.rows ?? 30)];
    const cwd = options.cwd ? ['-c', options.cwd] : [];
    // remain-on-exit is set before the session exists so even a command that exits at once leaves its pane.
    await session.tmux([
      '-f', '/dev/null', 'start-server', ';',
      'set-option', '-g', 'remain-on-exit', 'on', ';',
      'new-session', '-d', '-s', TARGET, ...size, ...cwd, '--', ...options.command,
    ]);
    session.socketPath = (await session.tmux(['display-message', '-p', '#{socket_path}'])).trim() || null;
    return session;
  }

  /** Sends one key in tmux's notation ("q", "Down", "Enter", "C-c"); one key per send-keys, as a user types. */
  async sendKey(key: string): Promise<void> {
    await this.tmux(['send-keys', '-t', TARGET, key]);
  }

  /** Types text literally, one character per send-keys. */
  async type(text: string): Promise<void> {
    for (const ch of text) await this.tmux(['send-keys', '-t', TARGET, '-l', ch]);
  }

  /** The visible screen as text, trailing spaces trimmed. */
  async capture(): Promise<string> {
    return this.tmux(['capture-pane', '-p', '-t', TARGET]);
  }

  /** Polls the screen until it contains the text (or matches the pattern); throws with the last screen on timeout. */
  async waitForText(expected: string | RegExp, timeoutMs = 5_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const screen = await this.capture();
      if (typeof expected === 'string' ? screen.includes(expected) : expected.test(screen)) return screen;
      if (Date.now() > deadline) throw new Error(`tmux ${this.socket}: ${String(expected)} not on screen after ${timeoutMs}ms:\n${screen}`);
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  /** Resizes the terminal, which sends the command SIGWINCH. */
  async resize(columns: number, rows: number): Promise<void> {
    await this.tmux(['resize-window', '-t', TARGET, '-x', String(columns), '-y', String(rows)]);
  }

  /** The pid of the command (the pane's process). */
  async pid(): Promise<number> {
    return Number((await this.tmux(['display-message', '-p', '-t', TARGET, '#{pane_pid}'])).trim());
  }

  /** The command's exit status, or null while it runs (128 + n when killed by signal n). */
  async exitStatus(): Promise<number | null> {
    let state = await this.paneState();
    if (state.dead && state.status === '' && state.signal === '') {
      // tmux 3.3 sometimes misses the SIGCHLD of a pane whose terminal closed first and never reaps it; any other
      // child it reaps (here a run-shell job) makes it collect the pane's status too.
      await this.tmux(['run-shell', 'true']);
      state = await this.paneState();
    }
    if (!state.dead) return null;
    if (state.status !== '') return Number(state.status);
    if (state.signal !== '') return 128 + Number(state.signal);
    return null;
  }

  /** Polls until the command exits and returns its status; throws with the last screen on timeout. */
  async waitForExit(timeoutMs = 5_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const status = await this.exitStatus();
      if (status !== null) return status;
      if (Date.now() > deadline) throw new Error(`tmux ${this.socket}: command still running after ${timeoutMs}ms:\n${await this.capture()}`);
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  /** Kills this session's tmux server (and with it the command) and removes its socket; safe to call twice. */
  async kill(): Promise<void> {
    await this.tmux(['kill-server']).catch(() => undefined);
    // tmux leaves the socket file of a killed server behind.
    if (this.socketPath) await rm(this.socketPath, { force: true });
  }

  private async paneState(): Promise<{ dead: boolean; status: string; signal: string }> {
    const [dead, status = '', signal = ''] = (await this.tmux(['display-message', '-p', '-t', TARGET, '#{pane_dead} #{pane_dead_status} #{pane_dead_signal}']))
      .replace(/\n$/, '')
      .split(' ');
    return { dead: dead === '1', status, signal };
  }

  private tmux(args: readonly string[]): Promise<string> {
    return new Promise((resolve, reject) => {
      execFile('tmux', ['-L', this.socket, ...args], { env: this.env, timeout: 10_000 }, (err, stdout, stderr) => {
        if (err) reject(new Error(`tmux ${args[0]} failed: ${stderr.trim() || err.message}`));
        else resolve(stdout);
      });
    });
  }
}
