import { parseConfig } from '../../core/config.js';

/** A valid config with every default (and replication credentials, which recoveries need), for tests without a server. */
export const TEST_CONFIG = parseConfig({ topology: { user: 'orc' }, replication: { user: 'repl' } });
