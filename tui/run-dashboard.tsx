import { render, type Instance } from 'ink';
import { InputError } from '../core/errors.js';
import type { Clock } from '../core/ports/clock.js';
import { App } from './app.js';
import type { DashboardActions } from './lib/action-request.js';
import { alternateScreen } from './lib/alternate-screen.js';
import type { DashboardSource } from './lib/dashboard-source.js';
import type { TerminalSize } from './lib/frame-plan.js';

/** What the dashboard runs against: its data source, clock and the terminal's streams, all from the caller. */
export interface DashboardOptions {
  readonly source: DashboardSource;
  readonly clock: Clock;
  readonly refreshMs: number;
  readonly stdin: NodeJS.ReadStream;
  readonly stdout: NodeJS.WriteStream;
  readonly stderr?: NodeJS.WriteStream;
  readonly title?: string;
  /** Age of the newest probe beyond which the service is presumed down; defaults to 3 × refreshMs. */
  readonly staleAfterMs?: number;
  /** The actions (over the core commands or the API); null or absent is the read-only mode. */
  readonly actions?: DashboardActions | null;
  /** False under NO_COLOR. */
  readonly colors?: boolean;
}

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/**
 * Runs the live dashboard on the alternate screen until the user quits (q, Ctrl-C) or SIGINT/SIGTERM arrives;
 * the screen is restored on every way out, and a render error is rethrown after the restore.
 */
export async function runDashboard(options: DashboardOptions): Promise<void> {
  const { stdin, stdout } = options;
  if (!stdin.isTTY) throw new InputError('orc tui needs an interactive terminal: stdin is not a TTY');
  const screen = alternateScreen(stdout);
  let instance: Instance | undefined;
  const sizeOf = (): TerminalSize => ({ columns: stdout.columns || 80, rows: stdout.rows || undefined });
  const element = () => (
    <App source={options.source} clock={options.clock} refreshMs={options.refreshMs} size={sizeOf()} title={options.title} staleAfterMs={options.staleAfterMs} actions={options.actions ?? null} colors={options.colors ?? true} />
  );
  // Registered before Ink's own resize listener so Ink's redraw already uses the new layout.
  const onResize = () => instance?.rerender(element());
  const onSignal = () => instance?.unmount();
  const onProcessExit = () => screen.leave();
  stdout.on('resize', onResize);
  for (const signal of SIGNALS) process.on(signal, onSignal);
  process.on('exit', onProcessExit);
  try {
    screen.enter();
    instance = render(element(), {
      stdin,
      stdout,
      ...(options.stderr ? { stderr: options.stderr } : {}),
      exitOnCtrlC: false,
      patchConsole: false,
    });
    await instance.waitUntilExit();
  } finally {
    instance?.unmount();
    stdout.off('resize', onResize);
    for (const signal of SIGNALS) process.off(signal, onSignal);
    process.off('exit', onProcessExit);
    screen.leave();
  }
}
