/** An epoch-ms instant as ISO 8601 UTC to the second (2026-12-04T06:01:02Z), as orc prints times to operators. */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
