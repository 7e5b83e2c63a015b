import type { ApiClient } from './api-client.js';
import type { ApiMode } from './api-mode.js';
import type { OpenedContext } from './open-context.js';

/** Opens the context for one CLI command, runs it and always closes what was opened. */
export async function withContext<T>(configPath: string | undefined, run: (opened: OpenedContext) => Promise<T>, actor?: string): Promise<T> {
  // The store, the drivers and the config schema load here, when a command runs, not for --help or --version.
  const { openContext } = await import('./open-context.js');
  const opened = await openContext(configPath, actor);
  try {
    return await run(opened);
  } finally {
    await opened.close();
  }
}

/** Runs a command over the HTTP API when `--api` is in effect, else over the store the config names. */
export async function overApiOrStore<T>(
  mode: ApiMode,
  configPath: string | undefined,
  viaApi: (api: ApiClient) => Promise<T>,
  direct: (opened: OpenedContext) => Promise<T>,
): Promise<T> {
  const api = mode.client();
  return api !== null ? viaApi(api) : withContext(configPath, direct);
}
