import { OperationError } from '../../core/errors.js';
import { describeExit, type TrackedChild } from './child-tracker.js';
import type { StageJob } from './seed-work.js';

/** Kills a child's process group (if it still runs) and waits until it has exited. */
export async function killChild(child: TrackedChild): Promise<void> {
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
  await child.exited;
}

/** Throws OperationError naming the program, how it ended and its stderr's last lines, unless it exited 0. */
export async function expectSuccess(child: TrackedChild, name: string): Promise<void> {
  const exit = await child.exited;
  if (exit.code !== 0) throw new OperationError(`${name} failed (${describeExit(exit)}): ${child.stderrTail()}`);
}

/** Runs a program of the seed to its end (no stdin, stdout dropped); throws unless it exits 0. */
export async function runToEnd(job: StageJob, argv: readonly string[], name: string): Promise<void> {
  await expectSuccess(job.spawn(argv, { stdin: 'ignore', stdout: 'ignore' }), name);
}
