import { describe, expect, it } from 'vitest';
import { InputError } from '../../../core/errors.js';
import { formatRolloutId, parseRolloutId } from '../../../core/rollouts/rollout-id.js';

describe('rollout ids', () => {
  it('reads a single token as one of orc fleet rollouts, NAMESPACE/ENTITY as any other, and writes them back', () => {
    expect(parseRolloutId('r-abc123')).toEqual({ namespace: 'orc', entity: 'r-abc123' });
    expect(parseRolloutId('prod/db-a.example:3306')).toEqual({ namespace: 'prod', entity: 'db-a.example:3306' });
    expect(formatRolloutId({ namespace: 'orc', entity: 'r-abc123' })).toBe('r-abc123');
    expect(formatRolloutId({ namespace: 'prod', entity: 'shop' })).toBe('prod/shop');
  });

  it('refuses ids that name no rollout', () => {
    for (const id of ['', '/x', 'x/', 'a/b/c', 'r abc', '-r']) expect(() => parseRolloutId(id), id).toThrow(InputError);
  });
});
