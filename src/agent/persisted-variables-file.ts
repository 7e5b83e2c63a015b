import { readFile } from 'node:fs/promises';
import { OperationError, RefusedError } from '../../core/errors.js';
import type { PersistedChange, PersistedVariables } from '../../core/ports/agent-client.js';
import { checkFleetVariable, checkVariableName } from '../../core/rollouts/fleet/fleet-variable.js';
import { editPersistedFile, persistedVariables } from './persisted-option-file.js';
import { writeFileAtomically } from './write-file-atomically.js';

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw new OperationError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, { file });
  }
}

/** Checks one change as the core checks a rollout's variables (a null value removes the line). */
export function checkPersistChange(change: PersistedChange): PersistedChange {
  if (change.value === null) return { name: checkVariableName(change.name).toLowerCase(), value: null };
  return checkFleetVariable({ name: change.name, value: change.value });
}

/**
 * The option file orc owns on this host (config rollouts.optionFile): its variables read, and changed one call at a
 * time, each change written atomically; no file configured answers file null and refuses changes.
 */
export class PersistedVariablesFile {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly file: string | null) {}

  /** The variables orc persisted in the file now. */
  async read(): Promise<PersistedVariables> {
    if (this.file === null) return { file: null, values: {} };
    return { file: this.file, values: persistedVariables(await readText(this.file)) };
  }

  /** Applies the checked changes to the file (InputError for a malformed one, before anything is written); answers the file's variables after. */
  write(changes: readonly PersistedChange[]): Promise<PersistedVariables> {
    const checked = changes.map(checkPersistChange);
    const file = this.file;
    if (file === null) return Promise.reject(new RefusedError('orc_refused', 'this agent has no option file for rollouts (rollouts.optionFile in its config)'));
    const run = this.queue.then(async () => {
      const before = await readText(file);
      const after = editPersistedFile(before, checked);
      if (after !== before) {
        try {
          // The server reads it at start, whichever user it runs as.
          await writeFileAtomically(file, after, 0o644);
        } catch (err) {
          throw new OperationError(`cannot write ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, { file });
        }
      }
      return { file, values: persistedVariables(after) };
    });
    this.queue = run.catch(() => undefined);
    return run;
  }
}
