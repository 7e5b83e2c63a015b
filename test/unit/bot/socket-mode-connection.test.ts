import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { SocketModeConnection, type SocketModeDialer } from '../../../bot/socket-mode-connection.js';
import type { Logger } from '../../../core/ports/logger.js';
import { ManualClock } from '../../support/manual-clock.js';

/** A dialer whose attempts the test settles by hand; it records each start and disconnect. */
class FakeDialer implements SocketModeDialer {
  starts = 0;
  disconnects = 0;
  /** False: like the client still asking apps.connections.open, disconnect() leaves the attempt to finish. */
  disconnectEndsAttempt = true;
  private readonly events = new EventEmitter();
  private attempt: { resolve: () => void; reject: (err: Error) => void } | null = null;

  start(): Promise<unknown> {
    this.starts += 1;
    return new Promise<void>((resolve, reject) => (this.attempt = { resolve, reject }));
  }

  async disconnect(): Promise<void> {
    this.disconnects += 1;
    if (this.disconnectEndsAttempt) {
      this.attempt?.reject(new Error('disconnected while connecting'));
      this.attempt = null;
    }
    this.events.emit('disconnected');
  }

  on(event: 'disconnected', listener: () => void): unknown {
    return this.events.on(event, listener);
  }

  off(event: 'disconnected', listener: () => void): unknown {
    return this.events.off(event, listener);
  }

  /** Settles the pending attempt: connected, or failed with message. */
  settle(outcome: 'hello' | string): void {
    const attempt = this.attempt!;
    this.attempt = null;
    if (outcome === 'hello') attempt.resolve();
    else attempt.reject(new Error(outcome));
  }

  /** The connection ends without anyone asking (Slack refreshed it, the network dropped it). */
  drop(): void {
    this.events.emit('disconnected');
  }
}

function recordingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const log = (level: string) => (obj: object, msg = '') => void lines.push(`${level} ${msg} ${JSON.stringify(obj)}`);
  return { logger: { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') }, lines };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('SocketModeConnection', () => {
  it('returns from start after the first attempt failed, retries with doubling capped waits, and resets them once connected', async () => {
    const dialer = new FakeDialer();
    const clock = new ManualClock(0);
    const { logger, lines } = recordingLogger();
    const connection = new SocketModeConnection(dialer, logger, clock, { minMs: 1000, maxMs: 3000 });
    const started = connection.start();
    dialer.settle('An HTTP protocol error occurred: statusCode = 503');
    await started;
    expect(dialer.starts).toBe(1);
    for (const [waitMs, attempt] of [[1000, 2], [2000, 3], [3000, 4], [3000, 5]] as const) {
      await clock.advance(waitMs - 1);
      expect(dialer.starts).toBe(attempt - 1);
      await clock.advance(1);
      expect(dialer.starts).toBe(attempt);
      if (attempt < 5) dialer.settle('statusCode = 503');
    }
    dialer.settle('hello');
    await flush();
    expect(lines.filter((l) => l.includes('could not connect')).map((l) => JSON.parse(l.slice(l.indexOf('{'))).retryInMs)).toEqual([1000, 2000, 3000, 3000]);
    expect(lines.at(-1)).toContain('slack: Socket Mode connected');
    // Connected: a later failure starts again from the shortest wait.
    dialer.drop();
    await clock.advance(1000);
    expect(dialer.starts).toBe(6);
    dialer.settle('statusCode = 503');
    await flush();
    expect(lines.at(-1)).toContain('"retryInMs":1000');
    await connection.stop();
  });

  it('redials after a dropped connection, and stop() ends it: closed, no more attempts', async () => {
    const dialer = new FakeDialer();
    const clock = new ManualClock(0);
    const connection = new SocketModeConnection(dialer, recordingLogger().logger, clock);
    const started = connection.start();
    dialer.settle('hello');
    await started;
    dialer.drop();
    await clock.advance(1000);
    expect(dialer.starts).toBe(2);
    dialer.settle('hello');
    await flush();
    await connection.stop();
    expect(dialer.disconnects).toBe(1);
    await clock.advance(60_000);
    expect(dialer.starts).toBe(2);
  });

  it('stop() during a wait or an attempt ends the loop; a connection made after stop is closed', async () => {
    const waiting = new FakeDialer();
    const clock = new ManualClock(0);
    const duringWait = new SocketModeConnection(waiting, recordingLogger().logger, clock);
    const started = duringWait.start();
    waiting.settle('refused');
    await started;
    await duringWait.stop();
    await clock.advance(60_000);
    expect(waiting.starts).toBe(1);

    // A dialer still asking apps.connections.open when stopped connects afterwards; the loop then closes it.
    const late = new FakeDialer();
    late.disconnectEndsAttempt = false;
    const duringAttempt = new SocketModeConnection(late, recordingLogger().logger, clock);
    void duringAttempt.start();
    const stopped = duringAttempt.stop();
    late.settle('hello');
    await stopped;
    expect(late.disconnects).toBe(2);
    expect(late.starts).toBe(1);
  });
});
