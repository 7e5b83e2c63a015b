/** One process a hook asks for: argv[0] is looked up on PATH, and no shell is involved. */
export interface HookRunRequest {
  readonly argv: readonly string[];
  /** The ORC_* values; the runner adds only its minimal base environment (PATH, HOME, LANG). */
  readonly env: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
}

/** How a hook process ended; a failing, missing or hung hook is a result, never an exception. */
export interface HookProcessResult {
  /** The exit status, or null when the process was killed by a signal or never started. */
  readonly exitCode: number | null;
  /** The signal that ended the process ("SIGTERM", "SIGKILL"), or null. */
  readonly signal: string | null;
  readonly durationMs: number;
  readonly timedOut: boolean;
  /** The caller's AbortSignal fired (orc shutting down, operation cancelled). */
  readonly aborted: boolean;
  /** The last bytes of output, prefixed with a marker when earlier output was dropped. */
  readonly stdoutTail: string;
  readonly stderrTail: string;
  /** Why the process could not be started ("spawn notify ENOENT"), else null. */
  readonly error: string | null;
}

/** Runs one hook process to completion, killing it (and everything it started) on timeout or abort. */
export interface HookRunner {
  run(request: HookRunRequest, signal: AbortSignal): Promise<HookProcessResult>;
}
