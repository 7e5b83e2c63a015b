import { createRequire } from 'node:module';

/** orc's version, from its package.json. */
export const ORC_VERSION: string = (createRequire(import.meta.url)('../../package.json') as { version: string }).version;
