import { spawn, type ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { processGroupOf, programOf } from './proc-files.js';

/** A child the agent started, as persisted so a restarted agent can stop it: its pid (= its process group) and program. */
export interface ChildRecord {
  readonly pid: number;
  readonly program: string;
}

/** How a child ended: its exit code, or the signal that killed it, or why it could not start. */
export interface ChildExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly startError?: string;
}

/** A running child: its process (stdio as asked), when it exits, and the end of what it wrote to stderr. */
export interface TrackedChild {
  readonly pid: number;
  readonly process: ChildProcess;
  readonly exited: Promise<ChildExit>;
  stderrTail(): string;
}

/**
 * What a child's stdin and stdout are: a pipe to the agent, nothing, an open file descriptor, or a connected socket
 * (the child gets a duplicate of its descriptor and the agent stops reading it).
 */
export interface ChildStdio {
  readonly stdin: 'pipe' | 'ignore' | Socket;
  readonly stdout: 'pipe' | 'ignore' | number | Socket;
}

const TAIL_BYTES = 2048;

/** Describes an exit in a few words ("exit 1", "killed by SIGKILL", "could not start: ENOENT"). */
export function describeExit(exit: ChildExit): string {
  if (exit.startError) return `could not start: ${exit.startError}`;
  return exit.code !== null ? `exit ${exit.code}` : `killed by ${exit.signal ?? 'a signal'}`;
}

/**
 * Starts the programs of a seed, each in its own process group (detached, so a whole group can be stopped), with
 * no shell and only the given environment; tells onChange whenever the set of live children changes so it can be
 * persisted, and stops them all on request.
 */
export class ChildTracker {
  private readonly live = new Map<number, TrackedChild>();

  constructor(
    private readonly env: Readonly<Record<string, string>>,
    private readonly onChange: (children: ChildRecord[]) => void,
  ) {}

  /** Spawns argv (never through a shell) with extraEnv added; a program that cannot start resolves exited with startError. */
  spawn(argv: readonly string[], stdio: ChildStdio, extraEnv: Readonly<Record<string, string>> = {}): TrackedChild {
    const [program, ...args] = argv;
    const child = spawn(program!, args, { detached: true, env: { ...this.env, ...extraEnv }, stdio: [stdio.stdin, stdio.stdout, 'pipe'] });
    let tail = '';
    child.stderr?.setEncoding('utf8').on('data', (d: string) => {
      tail = (tail + d).slice(-TAIL_BYTES);
    });
    const exited = new Promise<ChildExit>((resolve) => {
      child.once('error', (err: NodeJS.ErrnoException) => {
        if (child.pid === undefined) resolve({ code: null, signal: null, startError: err.code ?? err.message });
      });
      child.once('close', (code, signal) => resolve({ code, signal }));
    });
    const tracked: TrackedChild = { pid: child.pid ?? 0, process: child, exited, stderrTail: () => tail.trim().split('\n').slice(-3).join(' | ') };
    if (child.pid !== undefined) {
      this.live.set(child.pid, tracked);
      this.onChange(this.records());
      void exited.then(() => {
        this.live.delete(child.pid!);
        try {
          this.onChange(this.records());
        } catch {
          // Persisting failed (disk full?): the next change persists the set again, and a stale pid is checked before use.
        }
      });
    }
    return tracked;
  }

  /** The live children, for the state file. */
  records(): ChildRecord[] {
    return [...this.live.values()].map((c) => ({ pid: c.pid, program: c.process.spawnfile }));
  }

  /** SIGKILLs every live child's process group and waits until each has exited. */
  async killAll(): Promise<void> {
    const children = [...this.live.values()];
    for (const c of children) {
      try {
        process.kill(-c.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await Promise.all(children.map((c) => c.exited));
  }
}

/**
 * Stops children a previous run of the agent left behind, by the records it persisted: a pid is signalled only while
 * it still leads its own process group and runs the recorded program (a reused pid is left alone).
 */
export async function killLeftoverChildren(records: readonly ChildRecord[], timeoutMs = 10_000): Promise<void> {
  const ours = records.filter((r) => processGroupOf(r.pid) === r.pid && programOf(r.pid) === r.program);
  for (const r of ours) {
    try {
      process.kill(-r.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  const deadline = Date.now() + timeoutMs;
  // Not our children any more: nothing to await but their disappearance from /proc.
  while (ours.some((r) => programOf(r.pid) === r.program) && Date.now() < deadline) await delay(20);
}
