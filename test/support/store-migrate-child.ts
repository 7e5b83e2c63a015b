import { once } from 'node:events';
import { migrateToLatest } from '../../core/store/migrations/migrate-to-latest.js';
import { openStoreDatabase, type StoreConfig } from '../../core/store/open-store.js';

/**
 * Child process of the store tests: opens the store given as JSON in argv[2], prints "ready", waits for a line
 * on stdin (so several children migrate at the same moment), migrates and prints the results as JSON.
 */
async function main(): Promise<void> {
  const config = JSON.parse(process.argv[2] ?? '') as StoreConfig;
  const { db, dialect } = await openStoreDatabase(config);
  try {
    process.stdout.write('ready\n');
    await once(process.stdin, 'data');
    process.stdout.write(`${JSON.stringify(await migrateToLatest(db, dialect))}\n`);
  } finally {
    await db.destroy();
    process.stdin.destroy();
  }
}

await main();
