import { parseConfig } from '../../core/config.js';

/** A valid config with every default, for tests that need one but no server. */
export const TEST_CONFIG = parseConfig({ topology: { user: 'orc' } });
