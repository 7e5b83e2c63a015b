import { describe, expect, it } from 'vitest';
import { newSeedId } from '../../../core/commands/start-seed.js';
import { newTypeableId } from '../../../core/util/typeable-id.js';
import { seedIdSchema } from '../../../src/agent/stage-request-schema.js';

describe('seed and recovery ids', () => {
  it('are 12 letters and digits, so every agent takes them (an id starting with - or _ was refused: 1 seed in 32)', () => {
    const ids = Array.from({ length: 5000 }, () => newSeedId());
    for (const id of ids) {
      expect(id).toMatch(/^[A-Za-z0-9]{12}$/);
      expect(seedIdSchema.safeParse(id).success).toBe(true);
    }
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('typeable ids (recoveries) are never read as an option: 12 letters and digits (a plain nanoid starts with - once in 64)', () => {
    const ids = Array.from({ length: 5000 }, () => newTypeableId());
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9]{12}$/);
  });
});
