/**
 * Runs every cleanup step in order even when one fails (a lab must go down even if stopping a service or closing a
 * store threw), then rethrows the first failure.
 */
export async function teardown(...steps: readonly (() => unknown)[]): Promise<void> {
  const failures: unknown[] = [];
  for (const step of steps) {
    try {
      await step();
    } catch (err) {
      failures.push(err);
    }
  }
  if (failures.length > 0) throw failures[0];
}
