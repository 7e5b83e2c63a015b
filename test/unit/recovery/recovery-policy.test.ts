import { describe, expect, it } from 'vitest';
import { parseInstanceKey } from '../../../core/model/instance-key.js';
import {
  dataCenterOf,
  filterSelects,
  parseRecoveryPolicy,
  promotionRuleOf,
  recoveryPolicySchema,
  regionOf,
} from '../../../core/recovery/recovery-policy.js';

describe('recovery policy', () => {
  it('has explicit, documented defaults', () => {
    expect(parseRecoveryPolicy()).toEqual({
      enabled: true,
      autoRecoverPrimary: 'all',
      autoRecoverIntermediatePrimary: 'all',
      blockPeriodMs: 3_600_000,
      heartbeatStallMs: 2_500,
      maxHeartbeatPeriodMs: 5_000,
      reasonableLagSeconds: 10,
      maxLagForTakeoverSeconds: 20,
      delayPromotionUntilRelayApplied: true,
      relayApplyTimeoutMs: 10_000,
      resumeAfterMs: 10_000,
      preventCrossDataCenterPromotion: false,
      preventCrossRegionPromotion: true,
      promotionRules: {},
      dataCenters: {},
      regions: {},
    });
  });

  it('looks instance metadata up by host:port, ignoring host case', () => {
    const policy = parseRecoveryPolicy({
      promotionRules: { 'DB1.example:3306': 'prefer' },
      dataCenters: { 'db1.example:3306': 'dc1' },
      regions: { 'db1.example:3306': 'eu' },
    });
    const key = parseInstanceKey('db1.EXAMPLE:3306');
    expect(promotionRuleOf(policy, key)).toBe('prefer');
    expect(dataCenterOf(policy, key)).toBe('dc1');
    expect(regionOf(policy, key)).toBe('eu');
    expect(promotionRuleOf(policy, parseInstanceKey('db2.example:3306'))).toBe('neutral');
    expect(dataCenterOf(policy, parseInstanceKey('db2.example:3306'))).toBeNull();
  });

  it('rejects malformed instance keys, unknown rules and unknown keys, naming the path', () => {
    const issue = (raw: unknown) => recoveryPolicySchema.safeParse(raw).error?.issues[0];
    expect(issue({ promotionRules: { nope: 'prefer' } })).toMatchObject({ path: ['promotionRules', 'nope'] });
    expect(issue({ promotionRules: { 'db1:3306': 'always' } })).toMatchObject({ path: ['promotionRules', 'db1:3306'] });
    expect(issue({ RecoveryPeriodBlockSeconds: 60 })).toMatchObject({ code: 'unrecognized_keys' });
    expect(issue({ heartbeatStallMs: 10 })).toMatchObject({ path: ['heartbeatStallMs'] });
  });

  it('selects clusters by filter: all, none, or names/aliases case-insensitively', () => {
    expect(filterSelects('all', 'c:1', null)).toBe(true);
    expect(filterSelects('none', 'c:1', 'x')).toBe(false);
    expect(filterSelects(['Shop'], 'c:1', 'shop')).toBe(true);
    expect(filterSelects(['c:1'], 'C:1', null)).toBe(true);
    expect(filterSelects(['shop'], 'c:1', null)).toBe(false);
  });
});
