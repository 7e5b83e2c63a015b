import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../core/config.js';
import { seedMachineConfig } from '../../../core/seeds/seed-machine-config.js';

describe('seedMachineConfig', () => {
  it("takes the transition's policy from the config's seeds section, defaults included", () => {
    const config = parseConfig({ topology: { user: 'orc' }, seeds: { maxRetriesPerStage: 5, downtimeMs: 7_200_000 } });
    expect(seedMachineConfig(config.seeds)).toEqual({ maxRetriesPerStage: 5, staleProgressMs: 10 * 60_000, downtimeMs: 7_200_000 });
    expect(Object.isFrozen(seedMachineConfig(config.seeds))).toBe(true);
  });
});
