import type { InstanceKey } from '../model/instance-key.js';
import type { FleetVariable } from '../rollouts/fleet/fleet-variable.js';

/** Reads and sets a server's global variables and runs a gate query (fleet rollouts); every call honours the signal. */
export interface ServerVariables {
  /** The global value of each name as text (null when it reads as NULL); an unknown variable is an OperationError. */
  readGlobals(key: InstanceKey, names: readonly string[], signal?: AbortSignal): Promise<Record<string, string | null>>;
  /** SET GLOBAL of each variable in order (a null value sets the DEFAULT); stops at the first refusal (OperationError). */
  setGlobals(key: InstanceKey, values: readonly { readonly name: string; readonly value: string | null }[], signal?: AbortSignal): Promise<void>;
  /** Runs one read-only query and answers the first column of its first row (null when no row). */
  firstValue(key: InstanceKey, sql: string, signal?: AbortSignal): Promise<unknown>;
}

/** The variables of a rollout as SET GLOBAL input. */
export function variableValues(variables: readonly FleetVariable[]): { name: string; value: string | null }[] {
  return variables.map((v) => ({ name: v.name, value: v.value }));
}
