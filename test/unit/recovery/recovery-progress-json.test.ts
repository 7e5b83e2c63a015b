import { describe, expect, it } from 'vitest';
import { parseInstanceKey } from '../../../core/model/instance-key.js';
import { NO_PROGRESS } from '../../../core/ports/recovery-store.js';
import { parseProgress, progressText } from '../../../core/store/recovery-progress-json.js';

describe('stored recovery progress', () => {
  it('keeps whether the promote step was attempted', () => {
    const progress = { ...NO_PROGRESS, phase: 'promoting' as const, candidate: parseInstanceKey('db:2'), promoteAttempted: true };
    expect(parseProgress(progressText(progress), 'r')).toEqual(progress);
  });

  it('reads progress an older orc stored as attempted once promoting (the candidate may be writable), not before', () => {
    const old = (phase: string) => JSON.stringify({ phase, stopped: [], madeReadOnly: [], candidate: 'db:2', followers: [], lost: [], dataLossFrom: [], hooksRun: [] });
    expect(parseProgress(old('promoting'), 'r')?.promoteAttempted).toBe(true);
    expect(parseProgress(old('preparing'), 'r')?.promoteAttempted).toBe(false);
    expect(() => parseProgress(JSON.stringify({ phase: 'promoting', promoteAttempted: 'yes' }), 'r')).toThrow(/progress of recovery r is malformed \(promoteAttempted\)/);
  });
});
