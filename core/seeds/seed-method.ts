/** The copy methods orc knows (only the MariaDB ones are runnable here). */
export const SEED_METHODS = ['mariabackup', 'dump', 'clone', 'xtrabackup'] as const;

/** How a seed copies the data set. */
export type SeedMethod = (typeof SEED_METHODS)[number];

/** The host agent of one end of a seed. */
export type SeedSide = 'source' | 'target';

/** True when text names a seed method. */
export function isSeedMethod(text: unknown): text is SeedMethod {
  return typeof text === 'string' && (SEED_METHODS as readonly string[]).includes(text);
}

/** Which agent runs Backup: physical methods stream from the source, the logical one pulls from the target. */
export function backupSide(method: SeedMethod): SeedSide {
  return method === 'dump' ? 'target' : 'source';
}

/** True when the method copies through a logical dump (it needs backup space on the target besides the data). */
export function isLogicalMethod(method: SeedMethod): boolean {
  return method === 'dump';
}

/** Storage engines a method copies consistently; null means any engine. */
export function methodEngines(method: SeedMethod): ReadonlySet<string> | null {
  if (method === 'dump') return null;
  if (method === 'clone') return new Set(['innodb']);
  return new Set(['innodb', 'aria', 'myisam', 'csv', 'archive', 'memory', 'sequence', 'performance_schema']);
}
