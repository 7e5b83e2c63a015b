import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { OperationError } from '../../core/errors.js';
import type { SeedRecord } from './seed-record.js';

interface StateFileBody {
  readonly version: 1;
  readonly record: SeedRecord | null;
}

/**
 * The agent's seed state on disk: written synchronously and atomically (temporary file, then rename) at every
 * change, so what a kill -9 leaves behind is one whole version.
 */
export class SeedStateFile {
  constructor(readonly file: string) {}

  /** The persisted record, or null when there is none; an unreadable file is an error (never guess over a datadir). */
  read(): SeedRecord | null {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new OperationError(`cannot read seed state ${this.file}: ${(err as NodeJS.ErrnoException).code}`);
    }
    try {
      const body = JSON.parse(text) as StateFileBody;
      if (body.version !== 1) throw new Error(`unknown version ${String(body.version)}`);
      return body.record;
    } catch (err) {
      throw new OperationError(`seed state ${this.file} is unreadable (${(err as Error).message}): look at it and remove it by hand`);
    }
  }

  write(record: SeedRecord | null): void {
    const tmp = `${this.file}.tmp`;
    rmSync(tmp, { force: true });
    writeFileSync(tmp, `${JSON.stringify({ version: 1, record } satisfies StateFileBody, null, 2)}\n`, { mode: 0o600 });
    renameSync(tmp, this.file);
  }
}
