import { readFileSync } from 'node:fs';

function stat(pid: number): string | null {
  if (!Number.isInteger(pid) || pid <= 0) return null;
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
}

/** The arguments of a live process (from /proc/<pid>/cmdline), or null when it is gone or a zombie. */
export function cmdlineOf(pid: number): string[] | null {
  const s = stat(pid);
  if (s === null) return null;
  const state = s.slice(s.lastIndexOf(')') + 2, s.lastIndexOf(')') + 3);
  if (state === 'Z' || state === 'X') return null;
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return null;
  }
}

/** The program (argv[0]) of a live process, or null. */
export function programOf(pid: number): string | null {
  return cmdlineOf(pid)?.[0] ?? null;
}

/** The process group of a live process, or null. */
export function processGroupOf(pid: number): number | null {
  const s = stat(pid);
  if (s === null) return null;
  const fields = s.slice(s.lastIndexOf(')') + 2).split(' ');
  const pgrp = Number(fields[2]);
  return Number.isInteger(pgrp) ? pgrp : null;
}

/** The pid written in a pid file, or null when there is none or it is not a number. */
export function readPidFile(file: string): number | null {
  try {
    const pid = Number(readFileSync(file, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** The bytes a live process read and wrote through system calls so far (/proc/<pid>/io rchar, wchar), or null. */
export function ioBytesOf(pid: number): { readonly rchar: number; readonly wchar: number } | null {
  if (!Number.isInteger(pid) || pid <= 0) return null;
  try {
    const text = readFileSync(`/proc/${pid}/io`, 'utf8');
    const field = (name: string): number => Number(new RegExp(`^${name}: (\\d+)$`, 'm').exec(text)?.[1] ?? NaN);
    const rchar = field('rchar');
    const wchar = field('wchar');
    return Number.isFinite(rchar) && Number.isFinite(wchar) ? { rchar, wchar } : null;
  } catch {
    return null;
  }
}
