import { describe, expect, it } from 'vitest';
import { hasSlowHeartbeat, stallThresholdMs } from '../../../core/analysis/heartbeat-confirmation.js';
import { makeChannel } from '../../support/facts-builder.js';

const policy = { heartbeatStallMs: 2_500, maxHeartbeatPeriodMs: 5_000 };

describe('heartbeat confirmation rule', () => {
  it('waits max(heartbeatStallMs, 2 x period) before a frozen stream counts as a stall', () => {
    expect(stallThresholdMs(500, policy)).toBe(2_500);
    expect(stallThresholdMs(1_000, policy)).toBe(2_500);
    expect(stallThresholdMs(2_000, policy)).toBe(4_000);
    expect(stallThresholdMs(5_000, policy)).toBe(10_000);
    expect(stallThresholdMs(500, { ...policy, heartbeatStallMs: 1_000 })).toBe(1_000);
  });

  it('never counts a stall on a period above maxHeartbeatPeriodMs, heartbeats off or an unknown period', () => {
    expect(stallThresholdMs(5_001, policy)).toBeNull();
    expect(stallThresholdMs(30_000, policy)).toBeNull();
    expect(stallThresholdMs(0, policy)).toBeNull();
    expect(stallThresholdMs(null, policy)).toBeNull();
    expect(stallThresholdMs(undefined, policy)).toBeNull();
  });

  it('flags a slow heartbeat only on channels whose stream orc watches (heartbeat counters known)', () => {
    expect(hasSlowHeartbeat(makeChannel('127.0.0.1:3306', { heartbeatPeriodMs: 30_000 }), policy)).toBe(true);
    expect(hasSlowHeartbeat(makeChannel('127.0.0.1:3306', { heartbeatPeriodMs: 0 }), policy)).toBe(true);
    expect(hasSlowHeartbeat(makeChannel('127.0.0.1:3306', { heartbeatPeriodMs: 1_000 }), policy)).toBe(false);
    expect(hasSlowHeartbeat(makeChannel('127.0.0.1:3306', { heartbeatPeriodMs: null, heartbeatsReceived: null }), policy)).toBe(false);
  });
});
