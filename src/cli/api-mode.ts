import type { Command } from '@commander-js/extra-typings';
import { InputError } from '../../core/errors.js';
import { formatInstanceKey, parseInstanceKey } from '../../core/model/instance-key.js';
import { ApiClient } from './api-client.js';
import { apiTarget } from './api-target.js';

/** Whether this run talks to a running service (`--api URL` or $ORC_API_URL) instead of opening the store. */
export interface ApiMode {
  /** The API client when `--api` is in effect, else null (the command opens the store from --config). */
  client(): ApiClient | null;
  /** Refuses a command that has no API route when `--api` is in effect. */
  refuse(command: string): void;
}

/** Reads the program's global `--api` option and the environment when a command runs (after parsing). */
export function apiMode(program: Command, env: NodeJS.ProcessEnv, signals: NodeJS.EventEmitter): ApiMode {
  const target = () => apiTarget((program.opts() as { api?: string }).api, env);
  return {
    client() {
      const t = target();
      return t === null ? null : new ApiClient(t, signals);
    },
    refuse(command) {
      if (target() !== null) throw new InputError(`orc ${command} has no API route: run it where the store is reachable, without --api or $ORC_API_URL`, { command });
    },
  };
}

/** HOST:PORT as the API's `:host/:port` path segments (validated like the direct mode validates it). */
export function instancePath(target: string): string {
  const key = parseInstanceKey(target);
  return `${encodeURIComponent(key.host)}/${key.port}`;
}

/** A cluster hint or id as one path segment. */
export function segment(text: string): string {
  return encodeURIComponent(text);
}

/** The key in its canonical HOST:PORT form. */
export function canonicalInstance(target: string): string {
  return formatInstanceKey(parseInstanceKey(target));
}
