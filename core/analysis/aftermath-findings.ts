import { formatInstanceKey } from '../model/instance-key.js';
import type { AnalysisCode } from './analysis-codes.js';
import { makeFinding, type AnalysisContext } from './analysis-context.js';
import type { Finding } from './finding.js';

const CODES = { fenced: 'FencedFormerPrimary', diverged: 'DivergedFormerPrimary', lost: 'LostReplica' } as const satisfies Record<string, AnalysisCode>;

/** One finding per server the cluster's recoveries fenced or detached, with what to do about it (pure). */
export function aftermathFindings(ctx: AnalysisContext): Finding[] {
  const primary = ctx.index.records.find((r) => ctx.index.role(r) === 'primary');
  const from = primary ? formatInstanceKey(primary.key) : 'the primary';
  return (ctx.snapshot.aftermath ?? []).map((entry) => {
    const name = formatInstanceKey(entry.instance);
    const fix =
      entry.state === 'fenced'
        ? `none yet: it is set read-only and rejoins under ${from} when it answers with nothing diverged`
        : entry.state === 'diverged'
          ? `re-seed ${name} from ${from}, then orc unfence ${name}`
          : `re-seed ${name} from ${from}${entry.dataLoss ? '' : ', or repoint it once it can follow'}`;
    return makeFinding(ctx, CODES[entry.state], entry.instance, { recovery: entry.recoveryId, detail: entry.detail, dataLoss: entry.dataLoss, fix });
  });
}
