import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

const HANDSHAKE_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
const TEXT = 0x1;
const CLOSE = 0x8;
const PING = 0x9;
const PONG = 0xa;

/** What a WebSocketPeer reports: each text message, and the end of the connection. */
export interface WebSocketPeerEvents {
  onText(text: string): void;
  onClose(): void;
}

/**
 * The server end of one WebSocket connection (RFC 6455: text messages, ping/pong, the close handshake), enough to
 * stand in for Slack's Socket Mode endpoint; written here because orc depends on no WebSocket server package.
 */
export class WebSocketPeer {
  private pending = Buffer.alloc(0);
  private fragments: Buffer[] = [];
  private closing = false;

  private constructor(private readonly socket: Duplex, private readonly events: WebSocketPeerEvents) {
    socket.on('data', (chunk: Buffer) => this.read(chunk));
    socket.on('close', () => events.onClose());
    // A peer that vanishes mid-write is the point of some tests, not a failure of the stand-in.
    socket.on('error', () => undefined);
  }

  /** Answers an HTTP upgrade request with the WebSocket handshake, or 400 when it is not one. */
  static accept(req: IncomingMessage, socket: Duplex, events: WebSocketPeerEvents): WebSocketPeer | null {
    const key = req.headers['sec-websocket-key'];
    if (typeof key !== 'string' || req.headers.upgrade?.toLowerCase() !== 'websocket') {
      socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
      return null;
    }
    const accept = createHash('sha1').update(key + HANDSHAKE_GUID).digest('base64');
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
    return new WebSocketPeer(socket, events);
  }

  /** Whether the connection is open and not closing. */
  get open(): boolean {
    return !this.closing && !this.socket.destroyed;
  }

  /** Sends one text message. */
  send(text: string): void {
    this.write(TEXT, Buffer.from(text, 'utf8'));
  }

  /** Starts the close handshake with code; the TCP connection ends when the client answers. */
  close(code = 1000): void {
    if (this.closing) return;
    this.closing = true;
    const payload = Buffer.alloc(2);
    payload.writeUInt16BE(code);
    this.write(CLOSE, payload);
  }

  /** Drops the TCP connection without a close frame, as a network failure would. */
  terminate(): void {
    this.closing = true;
    this.socket.destroy();
  }

  private read(chunk: Buffer): void {
    this.pending = Buffer.concat([this.pending, chunk]);
    for (;;) {
      const buf = this.pending;
      if (buf.length < 2) return;
      const fin = (buf[0]! & 0x80) !== 0;
      const opcode = buf[0]! & 0x0f;
      const masked = (buf[1]! & 0x80) !== 0;
      let length = buf[1]! & 0x7f;
      let offset = 2;
      if (length === 126) {
        if (buf.length < 4) return;
        length = buf.readUInt16BE(2);
        offset = 4;
      } else if (length === 127) {
        if (buf.length < 10) return;
        length = Number(buf.readBigUInt64BE(2));
        offset = 10;
      }
      const start = offset + (masked ? 4 : 0);
      if (buf.length < start + length) return;
      const payload = Buffer.from(buf.subarray(start, start + length));
      if (masked) for (let i = 0; i < payload.length; i += 1) payload[i]! ^= buf[offset + (i % 4)]!;
      this.pending = buf.subarray(start + length);
      this.frame(fin, opcode, payload);
    }
  }

  private frame(fin: boolean, opcode: number, payload: Buffer): void {
    if (opcode === TEXT || opcode === 0x0) {
      this.fragments.push(payload);
      if (!fin) return;
      const text = Buffer.concat(this.fragments).toString('utf8');
      this.fragments = [];
      this.events.onText(text);
    } else if (opcode === PING) {
      this.write(PONG, payload);
    } else if (opcode === CLOSE) {
      if (!this.closing) this.write(CLOSE, payload.subarray(0, 2));
      this.closing = true;
      this.socket.end();
    }
  }

  private write(opcode: number, payload: Buffer): void {
    if (this.socket.destroyed || !this.socket.writable) return;
    let header: Buffer;
    if (payload.length < 126) header = Buffer.from([0x80 | opcode, payload.length]);
    else if (payload.length < 65_536) {
      header = Buffer.from([0x80 | opcode, 126, 0, 0]);
      header.writeUInt16BE(payload.length, 2);
    } else {
      header = Buffer.alloc(10);
      header[0] = 0x80 | opcode;
      header[1] = 127;
      header.writeBigUInt64BE(BigInt(payload.length), 2);
    }
    this.socket.write(Buffer.concat([header, payload]));
  }
}
