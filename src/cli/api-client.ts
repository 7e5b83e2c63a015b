import { OutcomeUnknownError, UnreachableError } from '../../core/errors.js';
import { ApiReplyError } from './api-reply-error.js';
import type { ApiTarget } from './api-target.js';
import { interruptSignal } from './commands/interrupt.js';

/** How long a read may take before the API counts as unreachable. */
const READ_TIMEOUT_MS = 30_000;
/** How long a mutation (a failover included) may take before its outcome is unknown. */
const MUTATION_TIMEOUT_MS = 600_000;

/** Per-request options of the ApiClient. */
export interface RequestOptions {
  /** Cancels the request (the dashboard's refresh loop stopping, an action abandoned). */
  readonly signal?: AbortSignal;
  /** How long a read may take before the API counts as unreachable (default 30 s). */
  readonly timeoutMs?: number;
}

/** A JSON client of the orc HTTP API that turns every failure into the coded error the direct mode would show. */
export class ApiClient {
  constructor(
    private readonly target: ApiTarget,
    private readonly signals: NodeJS.EventEmitter,
  ) {}

  /** The API's base URL (no credential in it), safe to show. */
  get url(): string {
    return this.target.url;
  }

  /**
   * GETs a path (segments already encoded) with an optional query, and returns the parsed JSON; options.signal
   * cancels it and options.timeoutMs shortens how long it may take before the API counts as unreachable.
   */
  async get(path: string, query: Record<string, string> = {}, options: RequestOptions = {}): Promise<unknown> {
    const qs = new URLSearchParams(query).toString();
    return this.request('GET', qs === '' ? path : `${path}?${qs}`, undefined, options.timeoutMs ?? READ_TIMEOUT_MS, options.signal);
  }

  /** POSTs a JSON body to a path and returns the parsed JSON answer; options.signal cancels it (outcome unknown). */
  async post(path: string, body: Record<string, unknown> = {}, options: Pick<RequestOptions, 'signal'> = {}): Promise<unknown> {
    return this.request('POST', path, body, MUTATION_TIMEOUT_MS, options.signal);
  }

  private async request(method: 'GET' | 'POST', path: string, body: Record<string, unknown> | undefined, timeoutMs: number, cancel?: AbortSignal): Promise<unknown> {
    const url = `${this.target.url}${path}`;
    const where = `${method} ${url.split('?')[0]}`;
    const interrupt = interruptSignal(this.signals);
    // The caller's cancellation counts as an interrupt: either way orc gave up waiting, not the API.
    const interrupted = cancel ? AbortSignal.any([interrupt.signal, cancel]) : interrupt.signal;
    const timeout = AbortSignal.timeout(timeoutMs);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.target.authorization !== null) headers.authorization = this.target.authorization;
    if (body !== undefined) headers['content-type'] = 'application/json';
    try {
      let res: Response;
      try {
        res = await fetch(url, { method, headers, signal: AbortSignal.any([interrupted, timeout]), ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
      } catch (err) {
        throw this.transportError(err, where, method, interrupted, timeout, timeoutMs);
      }
      const text = await res.text();
      const parsed = parseJson(text);
      if (res.ok && parsed !== undefined) return parsed;
      throw replyError(res.status, parsed, where);
    } finally {
      interrupt.dispose();
    }
  }

  /** No answer: Ctrl-C, a timeout, or no connection; a mutation that may have started has an unknown outcome. */
  private transportError(err: unknown, where: string, method: string, interrupted: AbortSignal, timeout: AbortSignal, timeoutMs: number): Error {
    const details = { url: this.target.url };
    if (interrupted.aborted) return new OutcomeUnknownError('orc_aborted', `${where}: interrupted before the API answered`, details);
    if (timeout.aborted) {
      const message = `${where}: the API did not answer within ${timeoutMs / 1000} s`;
      return method === 'POST' ? new OutcomeUnknownError('orc_timeout', `${message}; the operation may still be running`, details) : new UnreachableError(message, details);
    }
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    return new UnreachableError(`cannot reach the orc API at ${this.target.url}: ${cause?.code ?? cause?.message ?? (err as Error).message}`, details, { cause: err });
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The API's `{ error: { code, message, details } }` as the same coded error; anything else names the status. */
function replyError(status: number, body: unknown, where: string): Error {
  const error = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined)?.error;
  if (error && typeof error.code === 'string' && typeof error.message === 'string') {
    return new ApiReplyError(error.code, error.message, (error.details as Record<string, unknown> | undefined) ?? {});
  }
  return new UnreachableError(`${where}: the API answered HTTP ${status} without an orc error body (is this an orc API?)`, { status });
}
