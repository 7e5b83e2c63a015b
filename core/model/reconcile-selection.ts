/** Picks the cluster to show after a refresh: the wanted one if still listed, else the one now at its old place. */
export function reconcileSelection(names: readonly string[], wanted: string | null, previousIndex: number): string | null {
  if (names.length === 0) return null;
  if (wanted !== null && names.includes(wanted)) return wanted;
  const index = Math.min(Math.max(previousIndex, 0), names.length - 1);
  return names[index] ?? null;
}
