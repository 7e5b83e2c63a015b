import { spawn, type ChildProcess } from 'node:child_process';
import { systemClock, type Clock } from '../ports/clock.js';
import type { HookProcessResult, HookRunner, HookRunRequest } from './hook-runner.js';

/** The only inherited environment a hook gets besides the ORC_* values; orc's own secrets never reach it. */
export interface HookBaseEnv {
  readonly PATH: string;
  readonly HOME?: string;
  readonly LANG?: string;
}

/** Options of the child-process hook runner. */
export interface SpawnHookRunnerOptions {
  readonly baseEnv: HookBaseEnv;
  /** Bytes of stdout and of stderr kept (the tail); default 64 KiB each. */
  readonly maxOutputBytes?: number;
  /** Time between SIGTERM and SIGKILL to the hook's process group; default 2 s. */
  readonly killGraceMs?: number;
  readonly cwd?: string;
  /** Times each run (default: the system clock). */
  readonly clock?: Clock;
}

const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
const DEFAULT_MAX_OUTPUT = 64 * 1024;
const DEFAULT_KILL_GRACE_MS = 2000;
// After the hook exits, how long output from its leftover background children may keep its pipes open.
const DRAIN_MS = 250;
const GROUP_POLL_MS = 20;

/** Picks PATH, HOME and LANG from an environment (orc passes its own, read once at start-up). */
export function hookBaseEnv(env: Readonly<Record<string, string | undefined>>): HookBaseEnv {
  return Object.freeze({
    PATH: env.PATH || DEFAULT_PATH,
    ...(env.HOME ? { HOME: env.HOME } : {}),
    ...(env.LANG ? { LANG: env.LANG } : {}),
  });
}

/** Keeps the last `max` bytes written to it and counts what it dropped. */
class OutputTail {
  private chunks: Buffer[] = [];
  private size = 0;
  private dropped = 0;

  constructor(private readonly max: number) {}

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.size += chunk.length;
    while (this.chunks.length > 1 && this.size - this.chunks[0]!.length >= this.max) {
      const first = this.chunks.shift()!;
      this.size -= first.length;
      this.dropped += first.length;
    }
  }

  text(): string {
    const all = Buffer.concat(this.chunks);
    const cut = Math.max(0, all.length - this.max);
    const dropped = this.dropped + cut;
    const marker = dropped > 0 ? `[… ${dropped} earlier bytes truncated]\n` : '';
    return marker + all.subarray(cut).toString('utf8');
  }
}

/**
 * Runs hooks as child processes without a shell: each in its own process group (spawned detached), so a
 * timeout or abort sends SIGTERM, then SIGKILL after the grace period, to the hook and everything it started.
 */
export class SpawnHookRunner implements HookRunner {
  constructor(private readonly options: SpawnHookRunnerOptions) {}

  run(request: HookRunRequest, signal: AbortSignal): Promise<HookProcessResult> {
    const clock = this.options.clock ?? systemClock;
    const started = clock.monotonic();
    const stdout = new OutputTail(this.options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT);
    const stderr = new OutputTail(this.options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT);
    const notRun = (fields: Partial<HookProcessResult>): Promise<HookProcessResult> =>
      Promise.resolve({ exitCode: null, signal: null, durationMs: clock.monotonic() - started, timedOut: false, aborted: false, stdoutTail: '', stderrTail: '', error: null, ...fields });
    if (signal.aborted) return notRun({ aborted: true });
    const [program, ...args] = request.argv;
    if (program === undefined || program === '') return notRun({ error: 'empty argv' });

    let child: ChildProcess;
    try {
      child = spawn(program, args, {
        shell: false,
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...this.options.baseEnv, ...request.env },
        ...(this.options.cwd ? { cwd: this.options.cwd } : {}),
      });
    } catch (err) {
      // Synchronous refusals, e.g. a NUL byte in an argument or variable.
      return notRun({ error: `cannot start ${program}: ${(err as Error).message}` });
    }
    child.stdout!.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk));

    return new Promise((resolve) => {
      let done = false;
      let exit: { code: number | null; signal: string | null; at: number } | null = null;
      let streamsClosed = false;
      let drained = false;
      let stopping: 'timeout' | 'abort' | null = null;
      let killed = false;
      let drainTimer: NodeJS.Timeout | undefined;
      let killTimer: NodeJS.Timeout | undefined;
      let pollTimer: NodeJS.Timeout | undefined;
      const grace = this.options.killGraceMs ?? DEFAULT_KILL_GRACE_MS;

      const killGroup = (sig: NodeJS.Signals): void => {
        try {
          process.kill(-child.pid!, sig);
        } catch {
          // ESRCH: the group is already gone; EPERM: a member changed user; neither is ours to handle.
        }
      };
      const groupGone = (): boolean => {
        try {
          process.kill(-child.pid!, 0);
          return false;
        } catch (err) {
          return (err as NodeJS.ErrnoException).code === 'ESRCH';
        }
      };
      const finish = (error: string | null): void => {
        if (done) return;
        done = true;
        clearTimeout(timeoutTimer);
        clearTimeout(drainTimer);
        clearTimeout(killTimer);
        clearInterval(pollTimer);
        signal.removeEventListener('abort', onAbort);
        child.stdout!.destroy();
        child.stderr!.destroy();
        resolve({
          exitCode: exit?.code ?? null,
          signal: exit?.signal ?? null,
          durationMs: Math.round((exit?.at ?? clock.monotonic()) - started),
          timedOut: stopping === 'timeout',
          aborted: stopping === 'abort',
          stdoutTail: stdout.text(),
          stderrTail: stderr.text(),
          error,
        });
      };
      const maybeFinish = (): void => {
        if (done || exit === null) return;
        // A stopped hook is finished only when its whole group is gone or has been sent SIGKILL.
        if (stopping !== null && !killed && !groupGone()) return;
        if (!streamsClosed && !drained) {
          drainTimer ??= setTimeout(() => {
            drained = true;
            maybeFinish();
          }, DRAIN_MS);
          return;
        }
        finish(null);
      };
      const stop = (why: 'timeout' | 'abort'): void => {
        if (done || stopping !== null || exit !== null) return;
        stopping = why;
        killGroup('SIGTERM');
        killTimer = setTimeout(() => {
          killGroup('SIGKILL');
          killed = true;
          maybeFinish();
        }, grace);
        pollTimer = setInterval(maybeFinish, GROUP_POLL_MS);
      };
      const onAbort = (): void => stop('abort');
      const timeoutTimer = setTimeout(() => stop('timeout'), request.timeoutMs);
      signal.addEventListener('abort', onAbort, { once: true });

      child.on('error', (err) => {
        if (child.pid === undefined) finish(`cannot start ${program}: ${err.message}`);
      });
      child.on('exit', (code, sig) => {
        exit = { code, signal: sig, at: clock.monotonic() };
        maybeFinish();
      });
      child.on('close', () => {
        streamsClosed = true;
        maybeFinish();
      });
    });
  }
}
