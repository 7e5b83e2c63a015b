import { existsSync, readFileSync, watch } from 'node:fs';
import { basename, dirname } from 'node:path';

/**
 * Resolves with a file's content once it exists (a hook writes it with a rename, so it appears whole): woken by
 * the directory's change events, with a slow re-check in case an event is missed; fails after the bound.
 */
export function awaitFile(path: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const name = basename(path);
    const check = () => {
      if (!existsSync(path)) return;
      done();
      resolve(readFileSync(path, 'utf8'));
    };
    const watcher = watch(dirname(path), (_event, file) => {
      if (file === null || file === name) check();
    });
    const recheck = setInterval(check, 250);
    const timer = setTimeout(() => {
      done();
      reject(new Error(`${path} did not appear within ${timeoutMs} ms`));
    }, timeoutMs);
    const done = () => {
      watcher.close();
      clearInterval(recheck);
      clearTimeout(timer);
    };
    check();
  });
}
