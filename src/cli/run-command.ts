import { openContext, type OpenedContext } from './open-context.js';

/** Opens the context for one CLI command, runs it and always closes what was opened. */
export async function withContext<T>(configPath: string | undefined, run: (opened: OpenedContext) => Promise<T>): Promise<T> {
  const opened = await openContext(configPath);
  try {
    return await run(opened);
  } finally {
    await opened.close();
  }
}
