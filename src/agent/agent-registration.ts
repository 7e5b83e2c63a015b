import { toOrcError } from '../../core/errors.js';
import type { Logger } from '../../core/ports/logger.js';
import { callJson, replyMessage } from '../agent-client/agent-http.js';

/** Where and how often an agent registers with orc, and what it sends. */
export interface RegistrationOptions {
  readonly orcUrl: string;
  readonly intervalMs: number;
  readonly token: string;
  readonly ca: Buffer | null;
  readonly timeoutMs: number;
  /** The body of POST /api/agents: { url, host, port, info }, built fresh for each registration. */
  readonly body: () => Promise<unknown>;
  readonly logger: Logger;
}

/** A running registration loop. */
export interface Registration {
  stop(): Promise<void>;
}

/**
 * Registers the agent with orc (POST {orc}/api/agents, Bearer token) at once and then every intervalMs; a failure
 * is logged when registration starts failing (with the reason, never the token) and retried at the next period.
 */
export function startRegistration(opts: RegistrationOptions): Registration {
  const stopping = new AbortController();
  let failing: boolean | null = null;
  let timer: NodeJS.Timeout | undefined;
  const once = async (): Promise<void> => {
    try {
      const reply = await callJson({ method: 'POST', url: `${opts.orcUrl}/api/agents`, token: opts.token, body: await opts.body(), timeoutMs: opts.timeoutMs, ca: opts.ca, signal: stopping.signal });
      if (reply.status < 200 || reply.status >= 300) throw new Error(`HTTP ${reply.status}: ${replyMessage(reply)}`);
      if (failing !== false) opts.logger.info({ orc: opts.orcUrl }, 'registered with orc');
      failing = false;
    } catch (err) {
      if (stopping.signal.aborted) return;
      if (failing !== true) opts.logger.warn({ orc: opts.orcUrl, error: toOrcError(err).message }, 'cannot register with orc; retrying every period');
      failing = true;
    }
  };
  let running = once();
  const schedule = (): void => {
    timer = setTimeout(() => {
      running = once().then(() => {
        if (!stopping.signal.aborted) schedule();
      });
    }, opts.intervalMs);
  };
  void running.then(() => {
    if (!stopping.signal.aborted) schedule();
  });
  return {
    stop: async () => {
      stopping.abort();
      clearTimeout(timer);
      await running;
    },
  };
}
