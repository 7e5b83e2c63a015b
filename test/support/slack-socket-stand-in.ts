import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketPeer } from './web-socket-peer.js';

/** A Socket Mode envelope as Slack sends it over the WebSocket. */
export interface SocketEnvelope {
  readonly type: 'slash_commands' | 'events_api' | 'interactive';
  readonly envelope_id: string;
  readonly payload: Record<string, unknown>;
  readonly accepts_response_payload: boolean;
  readonly retry_attempt?: number;
  readonly retry_reason?: string;
}

/** An ack the stand-in received: the envelope it answers, its payload, and how long after the envelope it came. */
export interface SocketAck {
  readonly envelopeId: string;
  readonly payload: unknown;
  readonly afterMs: number;
}

/** How the stand-in ends a connection: Slack's `disconnect` message, a close frame, or a dropped TCP connection. */
export type SocketDrop = 'refresh' | 'close' | 'terminate';

/**
 * A local stand-in for Slack's Socket Mode endpoint: each WebSocket connection gets `hello`; envelopes are pushed
 * to the newest open connection and their acks recorded. SlackStandIn's apps.connections.open hands out its url.
 */
export class SlackSocketStandIn {
  readonly acks: SocketAck[] = [];
  /** Messages from the app that acked no pushed envelope. */
  readonly strays: string[] = [];
  private server: Server | null = null;
  private readonly peers: WebSocketPeer[] = [];
  private accepted = 0;
  private readonly waiting = new Map<string, { sentAt: number; resolve: (ack: SocketAck) => void; reject: (err: Error) => void }>();

  /** Starts listening on 127.0.0.1 (port 0 picks a free one). */
  async start(port = 0): Promise<void> {
    const server = createServer((_req, res) => {
      res.writeHead(426, { connection: 'close' });
      res.end();
    });
    server.on('upgrade', (req, socket) => {
      const peer = WebSocketPeer.accept(req, socket, {
        onText: (text) => this.received(text),
        onClose: () => this.forget(peer!),
      });
      if (!peer) return;
      this.accepted += 1;
      this.peers.push(peer);
      peer.send(JSON.stringify({ type: 'hello', num_connections: this.peers.length, debug_info: { host: 'orc-stand-in', approximate_connection_time: 18_060 }, connection_info: { app_id: 'A1' } }));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.server = server;
  }

  /** The WebSocket URL apps.connections.open answers with. */
  get url(): string {
    return `ws://127.0.0.1:${(this.server!.address() as AddressInfo).port}/link/`;
  }

  /** Connections accepted since start (each was sent hello). */
  get connections(): number {
    return this.accepted;
  }

  /** Connections open now. */
  get openConnections(): number {
    return this.peers.filter((p) => p.open).length;
  }

  /** Waits until at least `count` connections were accepted since start and one is open. */
  async waitForConnections(count: number, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.accepted < count || this.openConnections === 0) {
      if (Date.now() > deadline) throw new Error(`the Socket Mode stand-in has ${this.accepted} connections (${this.openConnections} open), wanted ${count}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  /** Sends envelope on the newest open connection; resolves with its ack, or fails after timeoutMs without one. */
  push(envelope: SocketEnvelope, timeoutMs = 10_000): Promise<SocketAck> {
    const peer = this.peers.filter((p) => p.open).at(-1);
    if (!peer) return Promise.reject(new Error('the Socket Mode stand-in has no open connection'));
    return new Promise<SocketAck>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(envelope.envelope_id);
        reject(new Error(`no ack for envelope ${envelope.envelope_id} (${envelope.type}) within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiting.set(envelope.envelope_id, {
        sentAt: Date.now(),
        resolve: (ack) => {
          clearTimeout(timer);
          resolve(ack);
        },
        reject: (err) => {
          clearTimeout(timer);
          reject(err);
        },
      });
      peer.send(JSON.stringify(envelope));
    });
  }

  /** Ends every open connection the given way. */
  drop(how: SocketDrop): void {
    for (const peer of this.peers.filter((p) => p.open)) {
      if (how === 'refresh') peer.send(JSON.stringify({ type: 'disconnect', reason: 'refresh_requested', debug_info: { host: 'orc-stand-in' } }));
      else if (how === 'close') peer.close(1001);
      else peer.terminate();
    }
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const peer of [...this.peers]) peer.terminate();
    for (const waiter of this.waiting.values()) waiter.reject(new Error('the Socket Mode stand-in stopped'));
    this.waiting.clear();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private forget(peer: WebSocketPeer): void {
    const i = this.peers.indexOf(peer);
    if (i >= 0) this.peers.splice(i, 1);
  }

  private received(text: string): void {
    let message: { envelope_id?: unknown; payload?: unknown };
    try {
      message = JSON.parse(text) as typeof message;
    } catch {
      this.strays.push(text);
      return;
    }
    const waiter = typeof message.envelope_id === 'string' ? this.waiting.get(message.envelope_id) : undefined;
    if (!waiter) {
      this.strays.push(text);
      return;
    }
    this.waiting.delete(message.envelope_id as string);
    const ack = { envelopeId: message.envelope_id as string, payload: message.payload, afterMs: Date.now() - waiter.sentAt };
    this.acks.push(ack);
    waiter.resolve(ack);
  }
}
