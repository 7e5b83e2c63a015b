import { describe, expect, it } from 'vitest';
import { newSeedId } from '../../../core/commands/start-seed.js';
import { seedIdSchema } from '../../../src/agent/stage-request-schema.js';

describe('seed ids', () => {
  it('are 12 letters and digits, so every agent takes them (an id starting with - or _ was refused: 1 seed in 32)', () => {
    const ids = Array.from({ length: 5000 }, () => newSeedId());
    for (const id of ids) {
      expect(id).toMatch(/^[A-Za-z0-9]{12}$/);
      expect(seedIdSchema.safeParse(id).success).toBe(true);
    }
    expect(new Set(ids).size).toBe(ids.length);
  });
});
