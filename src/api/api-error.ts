import { toOrcError, type OrcErrorCode } from '../../core/errors.js';

/** Codes only the HTTP API answers with: who may call it, and which paths and methods exist. */
export type HttpOnlyCode = 'orc_unauthenticated' | 'orc_forbidden' | 'orc_method_not_allowed' | 'orc_not_found';

/** Every code an API error body carries. */
export type ApiErrorCode = OrcErrorCode | HttpOnlyCode;

/**
 * The HTTP status of each orc error code, in one table. Refusals (a lock held, no candidate, a safety gate, a
 * deposed runner) are 409 Conflict: the request was well-formed but the topology's current state forbids it.
 */
export const STATUS_OF_CODE: Readonly<Record<ApiErrorCode, number>> = Object.freeze({
  orc_bad_input: 400,
  orc_config_invalid: 400,
  orc_unauthenticated: 401,
  orc_forbidden: 403,
  orc_unknown_cluster: 404,
  orc_unknown_instance: 404,
  orc_unknown_recovery: 404,
  orc_unknown_seed: 404,
  orc_unknown_rollout: 404,
  orc_not_found: 404,
  orc_method_not_allowed: 405,
  orc_lock_held: 409,
  orc_refused: 409,
  orc_no_candidate: 409,
  orc_deposed: 409,
  orc_unreachable: 502,
  orc_store_failed: 503,
  orc_aborted: 503,
  orc_timeout: 504,
  orc_lab_failed: 500,
  orc_operation_failed: 500,
});

/** A refusal at the HTTP layer (authentication, authorization, unknown path or method), answered before any command runs. */
export class ApiError extends Error {
  constructor(
    readonly code: HttpOnlyCode,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** What the API answers for an error: status, extra headers and the JSON body `{ error: { code, message, details } }`. */
export interface ErrorReply {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: { readonly error: { readonly code: string; readonly message: string; readonly details?: Readonly<Record<string, unknown>> } };
}

interface FrameworkError {
  readonly statusCode?: number;
  readonly code?: string;
  readonly message: string;
}

/** Converts anything a route threw into its reply: coded errors by the table, the framework's own 4xx (bad JSON, wrong media type) as orc_bad_input. */
export function errorReply(err: unknown): ErrorReply {
  if (err instanceof ApiError) return { status: STATUS_OF_CODE[err.code], headers: err.headers, body: { error: { code: err.code, message: err.message } } };
  const framework = err as FrameworkError;
  if (typeof framework?.code === 'string' && framework.code.startsWith('FST_') && typeof framework.statusCode === 'number' && framework.statusCode < 500) {
    return { status: framework.statusCode, headers: {}, body: { error: { code: 'orc_bad_input', message: framework.message } } };
  }
  const orc = toOrcError(err);
  const details = Object.keys(orc.details).length > 0 ? { details: orc.details } : {};
  return { status: STATUS_OF_CODE[orc.code] ?? 500, headers: {}, body: { error: { code: orc.code, message: orc.message, ...details } } };
}
