/** Moves the selection by delta, stopping at the first and last cluster. */
export function moveSelection(names: readonly string[], current: string | null, delta: number): string | null {
  if (names.length === 0) return null;
  const at = current === null ? -1 : names.indexOf(current);
  if (at < 0) return names[0] ?? null;
  return names[Math.min(Math.max(at + delta, 0), names.length - 1)] ?? null;
}
