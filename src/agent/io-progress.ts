import { ioBytesOf } from './proc-files.js';

/** A watch on a process's I/O: sample() reads the counter now (and reports growth); stop() ends the watch. */
export interface IoWatch {
  sample(): number;
  /** Stops the timer and returns the last byte count seen (the counter is gone once the process was reaped). */
  stop(): number;
}

/**
 * Reports the bytes a child moves without touching its data: its /proc/<pid>/io counter (rchar for a reader,
 * wchar for a writer) read every intervalMs and whenever sample() is called, passed to onBytes when it grew.
 */
export function watchIoBytes(pid: number, counter: 'rchar' | 'wchar', onBytes: (bytes: number) => void, intervalMs = 500): IoWatch {
  let last = 0;
  let stopped = false;
  const sample = (): number => {
    const io = stopped ? null : ioBytesOf(pid);
    if (io !== null && io[counter] > last) {
      last = io[counter];
      onBytes(last);
    }
    return last;
  };
  const timer = setInterval(sample, intervalMs);
  timer.unref();
  return {
    sample,
    stop: () => {
      sample();
      stopped = true;
      clearInterval(timer);
      return last;
    },
  };
}
