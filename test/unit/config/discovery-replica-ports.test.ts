import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../core/config.js';

describe('config discovery.replicaPorts', () => {
  it('defaults to none and keeps the listed ports', () => {
    expect(parseConfig({ topology: { user: 'orc' } }).discovery.replicaPorts).toEqual([]);
    expect(parseConfig({ topology: { user: 'orc' }, discovery: { replicaPorts: [3306, 3307] } }).discovery.replicaPorts).toEqual([3306, 3307]);
  });

  it.each([[[0]], [[65536]], [[3306.5]], [['3306']]])('rejects %j naming the key', (replicaPorts) => {
    expect(() => parseConfig({ topology: { user: 'orc' }, discovery: { replicaPorts } })).toThrow(
      expect.objectContaining({ code: 'orc_config_invalid', details: expect.objectContaining({ path: 'discovery.replicaPorts.0' }) }),
    );
  });
});
