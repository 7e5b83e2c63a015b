import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A hook script for lab tests: its files, and how to read what its runs recorded. */
export interface LabHook {
  /** The script's path, for the hook config's argv. */
  readonly path: string;
  /** Written (with the hook's pid) when the first run starts blocking. */
  readonly marker: string;
  /** Lets a blocked first run end (exit 0). */
  release(): void;
  /** One line per run: "<recovery uid> successor=<host:port> successful=<bool> headless=<bool>". */
  runs(): string[];
}

/**
 * Writes a hook script that records every run; with `block`, its first run writes the marker (its pid, by rename,
 * so it appears whole) and then waits for the release file (bounded, so an orphaned run never outlives the test by
 * much); later runs return at once.
 */
export function writeLabHook(dir: string, name: string, block: boolean): LabHook {
  const base = join(dir, name);
  const path = `${base}.sh`;
  const lines = [
    '#!/usr/bin/env bash',
    `base='${base}'`,
    'echo "$ORC_RECOVERY_UID successor=$ORC_SUCCESSOR_HOST:$ORC_SUCCESSOR_PORT successful=$ORC_IS_SUCCESSFUL headless=$ORC_IS_HEADLESS" >> "$base.runs"',
  ];
  if (block) {
    lines.push(
      '[ -e "$base.blocked" ] && exit 0',
      'touch "$base.blocked"',
      'echo $$ > "$base.marker.tmp" && mv "$base.marker.tmp" "$base.marker"',
      'for _ in $(seq 1 1200); do [ -e "$base.release" ] && exit 0; sleep 0.1; done',
    );
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
  chmodSync(path, 0o755);
  return {
    path,
    marker: `${base}.marker`,
    release: () => writeFileSync(`${base}.release`, ''),
    runs: () => (existsSync(`${base}.runs`) ? readFileSync(`${base}.runs`, 'utf8').trim().split('\n').filter(Boolean) : []),
  };
}
