/** The major and minor numbers of a server version text ("10.11.6-MariaDB-log" -> [10, 11]), or null when it has none. */
export function majorVersion(version: string): readonly [number, number] | null {
  const m = /^(\d+)\.(\d+)/.exec(version.trim());
  return m ? [Number(m[1]), Number(m[2])] : null;
}

/** True when major version a is older than b. */
export function isOlderVersion(a: readonly [number, number], b: readonly [number, number]): boolean {
  return a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);
}
