import { readFileSync } from 'node:fs';

/** Memory and CPU time of a process as /proc shows them. */
export interface ProcUsage {
  readonly rssKiB: number;
  readonly peakRssKiB: number;
  readonly cpuMs: number;
}

// USER_HZ is 100 on every Linux architecture node runs on; /proc/<pid>/stat counts CPU time in those ticks.
const TICK_MS = 10;

/** Reads VmRSS and VmHWM from /proc/<pid>/status and user+system time from /proc/<pid>/stat. */
export function procUsage(pid: number): ProcUsage {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  // Fields after the command name (which may hold spaces) start at field 3; utime and stime are fields 14 and 15.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const cpuMs = (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  return { rssKiB: kib('VmRSS'), peakRssKiB: kib('VmHWM'), cpuMs };
}
