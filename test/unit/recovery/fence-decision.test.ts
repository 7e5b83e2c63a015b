import { describe, expect, it } from 'vitest';
import { decideFence } from '../../../core/recovery/fence-decision.js';
import { makeFacts } from '../../support/facts-builder.js';

const gtid = (executed: string, binlogPos = executed) => ({ enabled: true, executed, binlogPos, replicaPos: '', domainId: 0, strict: true, mode: 'ON' });

describe('decideFence', () => {
  it('sets a writable old primary read-only before anything else', () => {
    expect(decideFence(makeFacts('db:1', { readOnly: false }), null)).toEqual({ action: 'set-read-only' });
  });

  it('rejoins an old primary whose binlog is all on the successor', () => {
    const old = makeFacts('db:1', { readOnly: true, gtid: gtid('0-1-100') });
    const successor = makeFacts('db:2', { gtid: gtid('0-1-100,1-2-5', '0-1-100,1-2-5') });
    expect(decideFence(old, successor)).toEqual({ action: 'rejoin' });
  });

  it('reports an old primary ahead of the successor as diverged', () => {
    const old = makeFacts('db:1', { readOnly: true, gtid: gtid('0-1-105') });
    const successor = makeFacts('db:2', { gtid: gtid('0-1-100') });
    expect(decideFence(old, successor)).toMatchObject({ action: 'diverged' });
  });

  it('waits while the successor is not visible', () => {
    expect(decideFence(makeFacts('db:1', { readOnly: true }), null)).toMatchObject({ action: 'wait' });
  });
});
