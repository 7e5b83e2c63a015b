import { ANALYSIS_CODES } from '../analysis/analysis-codes.js';
import type { Finding } from '../analysis/finding.js';

/** Which recovery procedure answers a finding. */
export type RecoveryAction = 'failover' | 'intermediate';

/**
 * Maps an actionable finding to its procedure (pure): dead primaries and co-primaries fail over, dead or
 * unreachable-to-its-replicas intermediate primaries have their replicas moved; anything else (a locked semi-sync
 * primary) is shown but left to operators.
 */
export function recoveryActionFor(finding: Pick<Finding, 'code' | 'actionable'>): RecoveryAction | null {
  if (!finding.actionable) return null;
  const info = ANALYSIS_CODES[finding.code];
  if (info.scope === 'primary' && finding.code.startsWith('Dead')) return 'failover';
  if (info.scope === 'intermediate') return 'intermediate';
  return null;
}
