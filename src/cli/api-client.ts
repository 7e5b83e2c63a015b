import { OutcomeUnknownError, UnreachableError } from '../../core/errors.js';
import { ApiReplyError } from './api-reply-error.js';
import type { ApiTarget } from './api-target.js';
import { interruptSignal } from './commands/interrupt.js';

/** How long a read may take before the API counts as unreachable. */
const READ_TIMEOUT_MS = 30_000;
/** How long a mutation (a failover included) may take before its outcome is unknown. */
const MUTATION_TIMEOUT_MS = 600_000;

/** A JSON client of the orc HTTP API that turns every failure into the coded error the direct mode would show. */
export class ApiClient {
  constructor(
    private readonly target: ApiTarget,
    private readonly signals: NodeJS.EventEmitter,
  ) {}

  /** GETs a path (segments already encoded) with an optional query, and returns the parsed JSON. */
  async get(path: string, query: Record<string, string> = {}): Promise<unknown> {
    const qs = new URLSearchParams(query).toString();
    return this.request('GET', qs === '' ? path : `${path}?${qs}`, undefined, READ_TIMEOUT_MS);
  }

  /** POSTs a JSON body to a path and returns the parsed JSON answer. */
  async post(path: string, body: Record<string, unknown> = {}): Promise<unknown> {
    return this.request('POST', path, body, MUTATION_TIMEOUT_MS);
  }

  private async request(method: 'GET' | 'POST', path: string, body: Record<string, unknown> | undefined, timeoutMs: number): Promise<unknown> {
    const url = `${this.target.url}${path}`;
    const where = `${method} ${url.split('?')[0]}`;
    const interrupt = interruptSignal(this.signals);
    const timeout = AbortSignal.timeout(timeoutMs);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.target.authorization !== null) headers.authorization = this.target.authorization;
    if (body !== undefined) headers['content-type'] = 'application/json';
    try {
      let res: Response;
      try {
        res = await fetch(url, { method, headers, signal: AbortSignal.any([interrupt.signal, timeout]), ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
      } catch (err) {
        throw this.transportError(err, where, method, interrupt.signal, timeout, timeoutMs);
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
