/** Stable error codes shown verbatim to operators, scripts and audit. */
export type OrcErrorCode =
  | 'orc_config_invalid'
  | 'orc_bad_input'
  | 'orc_unreachable'
  | 'orc_unknown_cluster'
  | 'orc_unknown_instance'
  | 'orc_unknown_recovery'
  | 'orc_unknown_seed'
  | 'orc_unknown_rollout'
  | 'orc_store_failed'
  | 'orc_lock_held'
  | 'orc_no_candidate'
  | 'orc_refused'
  | 'orc_deposed'
  | 'orc_timeout'
  | 'orc_aborted'
  | 'orc_lab_failed'
  | 'orc_operation_failed';

/** Base class of every error orc shows to a user: a stable code, a one-line message and structured details. */
export class OrcError extends Error {
  readonly code: OrcErrorCode;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: OrcErrorCode, message: string, details: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    this.details = Object.freeze({ ...details });
  }
}

/** The configuration file or environment is malformed; names the key that is wrong. */
export class ConfigError extends OrcError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('orc_config_invalid', message, details);
  }
}

/** A user-supplied argument (host:port, flag value, cluster hint) is malformed. */
export class InputError extends OrcError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('orc_bad_input', message, details);
  }
}

/** A server could not be reached or did not answer in time. */
export class UnreachableError extends OrcError {
  constructor(message: string, details: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super('orc_unreachable', message, details, options);
  }
}

/** A named thing (cluster, instance, recovery, seed, rollout) is not known to orc. */
export class NotFoundError extends OrcError {
  constructor(code: 'orc_unknown_cluster' | 'orc_unknown_instance' | 'orc_unknown_recovery' | 'orc_unknown_seed' | 'orc_unknown_rollout', message: string, details: Record<string, unknown> = {}) {
    super(code, message, details);
  }
}

/** The backend store failed to read or write. */
export class StoreError extends OrcError {
  constructor(message: string, details: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super('orc_store_failed', message, details, options);
  }
}

/**
 * An operation was refused by a safety gate, a lock, a policy, or because this orc no longer runs it (orc_deposed:
 * another orc took the recovery or the leadership over); nothing was changed.
 */
export class RefusedError extends OrcError {
  constructor(code: 'orc_lock_held' | 'orc_no_candidate' | 'orc_refused' | 'orc_deposed', message: string, details: Record<string, unknown> = {}) {
    super(code, message, details);
  }
}

/** An operation ran and failed part-way; the details say which step. */
export class OperationError extends OrcError {
  constructor(message: string, details: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super('orc_operation_failed', message, details, options);
  }
}

/**
 * A change orc gave up on (timeout or abort) after sending it: orc asked the server to kill it, yet whether it
 * took effect is unknown until the server's state is read again (details.outcome is 'unknown').
 */
export class OutcomeUnknownError extends OrcError {
  constructor(code: 'orc_timeout' | 'orc_aborted', message: string, details: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(code, message, { ...details, outcome: 'unknown' }, options);
  }
}

/** True when err says a change may or may not have reached the server (re-read its state before the next step). */
export function isOutcomeUnknown(err: unknown): boolean {
  return err instanceof OrcError && err.details.outcome === 'unknown';
}

/** Converts anything thrown into an OrcError, keeping coded errors as they are. */
export function toOrcError(err: unknown): OrcError {
  if (err instanceof OrcError) return err;
  if (err instanceof Error && err.name === 'AbortError') return new OrcError('orc_aborted', 'operation aborted', {}, { cause: err });
  const message = err instanceof Error ? err.message : String(err);
  return new OrcError('orc_operation_failed', message, {}, { cause: err });
}

/**
 * One line for logs, the store and users: "code: message". An error relayed from an orc API (the CLI's
 * ApiReplyError) keeps the code it came with, HTTP-only ones such as orc_forbidden included.
 */
export function errorLine(err: unknown): string {
  const relayed = !(err instanceof OrcError) && err instanceof Error ? (err as Error & { code?: unknown }).code : undefined;
  if (typeof relayed === 'string' && /^orc_[a-z_]+$/.test(relayed)) return `${relayed}: ${(err as Error).message}`;
  const e = toOrcError(err);
  return `${e.code}: ${e.message}`;
}

/** The message of an errorLine without its "code: " prefix, for wrapping it in another coded error. */
export function errorLineMessage(line: string): string {
  return line.replace(/^orc_[a-z_]+: /, '');
}
