import { InputError } from '../../errors.js';

/** One server variable a fleet rollout sets with SET GLOBAL: its name and the value as the operator wrote it. */
export interface FleetVariable {
  readonly name: string;
  readonly value: string;
}

/** Most variables one rollout changes. */
export const MAX_FLEET_VARIABLES = 32;

// A system variable name: an identifier (MariaDB and MySQL variable names are letters, digits and _).
const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
// Values are numbers or plain words (ON, OFF, a path, a list of table patterns): no quotes, spaces or control
// characters, so a value never needs more than the driver's escaping and always reads back the same.
const VALUE = /^[A-Za-z0-9_.,:/+%*@-]{1,1024}$/;

/** Checks a variable name: an identifier of letters, digits and _ (InputError otherwise). */
export function checkVariableName(name: unknown): string {
  if (typeof name !== 'string' || !NAME.test(name)) {
    throw new InputError(`variable name "${String(name).slice(0, 80)}": expected an identifier (letters, digits and _, at most 64)`, { field: 'change' });
  }
  return name;
}

/** Checks a variable (InputError naming what was wrong) and returns it with its name in lower case. */
export function checkFleetVariable(variable: FleetVariable): FleetVariable {
  checkVariableName(variable?.name);
  if (typeof variable.value !== 'string' || !VALUE.test(variable.value)) {
    throw new InputError(`variable ${variable.name}: value "${String(variable.value).slice(0, 80)}" must be 1 to 1024 letters, digits or . , : / + % * @ _ -`, {
      field: 'change',
    });
  }
  return { name: variable.name.toLowerCase(), value: variable.value };
}

/** Parses "NAME=VALUE" (one --change) into a checked variable. */
export function parseFleetVariable(text: string): FleetVariable {
  const at = text.indexOf('=');
  if (at <= 0) throw new InputError(`--change "${text.slice(0, 80)}": expected NAME=VALUE`, { field: 'change' });
  return checkFleetVariable({ name: text.slice(0, at).trim(), value: text.slice(at + 1).trim() });
}

/** Checks a set of variables: 1 to 32, no name twice. */
export function checkFleetVariables(variables: readonly FleetVariable[]): FleetVariable[] {
  if (!Array.isArray(variables) || variables.length === 0 || variables.length > MAX_FLEET_VARIABLES) {
    throw new InputError(`a rollout changes 1 to ${MAX_FLEET_VARIABLES} variables (--change NAME=VALUE)`, { field: 'change' });
  }
  const checked = variables.map(checkFleetVariable);
  const names = new Set<string>();
  for (const v of checked) {
    if (names.has(v.name)) throw new InputError(`variable ${v.name} is changed twice`, { field: 'change' });
    names.add(v.name);
  }
  return checked;
}

/** How a value is written in SQL: a number literal when it reads as one, else a string (escaped by the adapter); null is DEFAULT. */
export function variableLiteral(value: string | null): { readonly kind: 'number' | 'string'; readonly text: string } | { readonly kind: 'default' } {
  if (value === null) return { kind: 'default' };
  return /^-?\d{1,20}(\.\d{1,12})?$/.test(value) ? { kind: 'number', text: value } : { kind: 'string', text: value };
}
