import type { Socket } from 'node:net';
import { UnreachableError } from '../../core/errors.js';

/**
 * Reads newline-terminated lines from a socket (used only where the peer sends nothing but lines): next() resolves
 * with each line in order, without its newline; it rejects once the socket ended, broke or sent a line too long.
 */
export class SocketLines {
  private buffered = '';
  private readonly lines: string[] = [];
  private failure: Error | null = null;
  private waiter: { resolve(line: string): void; reject(err: Error): void } | null = null;

  constructor(
    socket: Socket,
    private readonly what: string,
    private readonly maxLength: number,
  ) {
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => this.take(chunk));
    socket.on('end', () => this.fail(new UnreachableError(`${what}: the connection ended`)));
    socket.on('close', () => this.fail(new UnreachableError(`${what}: the connection closed`)));
    socket.on('error', (err: NodeJS.ErrnoException) => this.fail(new UnreachableError(`${what}: ${err.code ?? err.message}`, {}, { cause: err })));
  }

  /** The next line. */
  next(): Promise<string> {
    const line = this.lines.shift();
    if (line !== undefined) return Promise.resolve(line);
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => (this.waiter = { resolve, reject }));
  }

  private take(chunk: string): void {
    this.buffered += chunk;
    let end: number;
    while ((end = this.buffered.indexOf('\n')) >= 0) {
      this.lines.push(this.buffered.slice(0, end));
      this.buffered = this.buffered.slice(end + 1);
    }
    if (this.buffered.length > this.maxLength) this.fail(new UnreachableError(`${this.what}: a line longer than ${this.maxLength} bytes`));
    const waiter = this.waiter;
    const line = this.lines.shift();
    if (waiter && line !== undefined) {
      this.waiter = null;
      waiter.resolve(line);
    } else if (line !== undefined) this.lines.unshift(line);
  }

  private fail(err: Error): void {
    if (this.failure) return;
    this.failure = err;
    const waiter = this.waiter;
    this.waiter = null;
    waiter?.reject(err);
  }
}
