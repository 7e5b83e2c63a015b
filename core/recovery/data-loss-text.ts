import { formatInstanceKey } from '../model/instance-key.js';
import type { RecoveryProgress } from '../ports/recovery-store.js';

/** The GTIDs each data-loss replica took with it, as "host:port=GTIDs" joined by "; " ('' when none). */
export function dataLossGtidsText(progress: Pick<RecoveryProgress, 'dataLossFrom' | 'dataLossGtids'>): string {
  return progress.dataLossFrom
    .map((key) => {
      const gtids = progress.dataLossGtids[formatInstanceKey(key)] ?? '';
      return `${formatInstanceKey(key)}=${gtids === '' ? 'unknown' : gtids}`;
    })
    .join('; ');
}
