/** The wait before attempt number attempts+1 after attempts failures: doubling from minMs, capped at maxMs. */
export function backoffDelay(attempts: number, minMs: number, maxMs: number): number {
  const exponent = Math.min(Math.max(attempts - 1, 0), 30);
  return Math.min(maxMs, minMs * 2 ** exponent);
}
