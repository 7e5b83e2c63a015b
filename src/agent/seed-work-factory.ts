import { RefusedError } from '../../core/errors.js';
import { DumpTargetWork } from './dump-target-work.js';
import { PhysicalTargetWork } from './physical-target-work.js';
import type { SeedHost } from './seed-host.js';
import type { SeedWorkFactory } from './seed-work.js';
import { SourceWork } from './source-work.js';

/** The work of each MariaDB method and side on this host; the MySQL methods have no runner (never offered in info). */
export function mariadbSeedWork(host: SeedHost): SeedWorkFactory {
  const source = new SourceWork(host);
  const physical = new PhysicalTargetWork(host);
  const dump = new DumpTargetWork(host);
  return (record) => {
    if (record.method !== 'mariabackup' && record.method !== 'dump') throw new RefusedError('orc_refused', `this agent cannot run ${record.method} seeds`);
    if (record.side === 'source') return source;
    return record.method === 'mariabackup' ? physical : dump;
  };
}
