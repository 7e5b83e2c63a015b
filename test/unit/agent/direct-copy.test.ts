import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { OperationError } from '../../../core/errors.js';
import { ChildTracker } from '../../../src/agent/child-tracker.js';
import { DirectHandshake } from '../../../src/agent/direct-handshake.js';
import { extractFromSocket } from '../../../src/agent/direct-extract.js';
import { openDirectReceiver, type DirectReceiver } from '../../../src/agent/direct-receiver.js';
import { uploadDirect } from '../../../src/agent/direct-upload.js';
import { cmdlineOf } from '../../../src/agent/proc-files.js';
import type { SeedRecordPatch, StageJob } from '../../../src/agent/seed-work.js';

const MB = 1024 * 1024;
const trackers: ChildTracker[] = [];

/** A stage job over a real child tracker: what the seed agent gives its work, minus the record. */
function job(signal: AbortSignal, progress: number[] = [], updates: SeedRecordPatch[] = []): StageJob {
  const children = new ChildTracker({ PATH: process.env.PATH ?? '/usr/bin:/bin' }, () => undefined);
  trackers.push(children);
  return {
    record: () => {
      throw new Error('unused');
    },
    signal,
    update: (patch) => {
      signal.throwIfAborted();
      updates.push(patch);
    },
    progress: (bytes) => progress.push(bytes),
    sampleOnStatus: () => undefined,
    spawn: (argv, stdio, env) => children.spawn(argv, stdio, env),
  };
}

/** Connects to a receiver and sends raw bytes; resolves with what it answered before closing. */
function present(port: number, bytes: string): Promise<{ answer: string; socket: Socket }> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => (answer += d));
    socket.on('error', () => undefined);
    socket.once('connect', () => socket.write(bytes));
    socket.once('close', () => resolve({ answer, socket }));
    setTimeout(() => reject(new Error(`no close within 3 s (answer so far ${JSON.stringify(answer)})`)), 3000).unref();
  });
}

function refusedConnection(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
  });
}

function dir(): string {
  return mkdtempSync(join(tmpdir(), 'orc-direct-'));
}

/** Producer and consumer programs standing in for mariabackup and mbstream: dd from a file to stdout, stdin to a file. */
const producer = (file: string) => ['dd', `if=${file}`, 'bs=64k', 'status=none'];
const consumer = (file: string) => ['dd', `of=${file}`, 'bs=64k', 'status=none'];

function makeFile(path: string, bytes: number): string {
  const data = Buffer.alloc(bytes);
  for (let i = 0; i < bytes; i += 4096) data.writeUInt32LE(i, i);
  writeFileSync(path, data);
  return path;
}

afterEach(async () => {
  for (const t of trackers.splice(0)) await t.killAll();
});

describe('the direct copy between two agents', () => {
  it('hands the stream from producer to consumer through the kernel, with progress from /proc, and answers DONE ok', async () => {
    const d = dir();
    const input = makeFile(join(d, 'in'), 24 * MB);
    const output = join(d, 'out');
    const target = new AbortController();
    const source = new AbortController();
    const targetProgress: number[] = [];
    const sourceProgress: number[] = [];
    const updates: SeedRecordPatch[] = [];
    const targetJob = job(target.signal, targetProgress, updates);
    const receiver = await openDirectReceiver({ host: '127.0.0.1', signal: target.signal, timeoutMs: 5000 });
    expect(receiver.ticket).toMatch(/^[0-9a-f]{64}$/);
    const received = receiver.accepted.then((socket) =>
      extractFromSocket(targetJob, socket, consumer(output), 'dd', async () => {
        targetJob.update({ copy: 'received' });
        return statSync(output).size;
      }),
    );
    const sourceJob = job(source.signal, sourceProgress);
    let producerPid = 0;
    await uploadDirect({ host: '127.0.0.1', port: receiver.port, ticket: receiver.ticket }, (socket) => {
      const child = sourceJob.spawn(producer(input), { stdin: 'ignore', stdout: socket });
      producerPid = child.pid;
      return child;
    }, 'dd', 5000, source.signal, (b) => sourceProgress.push(b));
    expect(await received).toBeGreaterThanOrEqual(24 * MB);
    expect(producerPid).toBeGreaterThan(0);
    expect(statSync(output).size).toBe(24 * MB);
    expect(readFileSync(output).equals(readFileSync(input))).toBe(true);
    expect(updates).toEqual([{ copy: 'received' }]);
    expect(Math.max(...sourceProgress)).toBeGreaterThanOrEqual(24 * MB);
    expect(Math.max(...targetProgress)).toBeGreaterThanOrEqual(24 * MB);
    // Single use: the listener is gone once the source was accepted.
    expect(await refusedConnection(receiver.port)).toBe('ECONNREFUSED');
  });

  it('refuses a wrong ticket, a short one and bytes past the ticket, and still accepts the right ticket after them', async () => {
    const controller = new AbortController();
    const receiver = await openDirectReceiver({ host: '127.0.0.1', signal: controller.signal, timeoutMs: 5000, handshakeTimeoutMs: 300 });
    const wrong = await present(receiver.port, `${'0'.repeat(64)}\n`);
    expect(wrong.answer).toBe('');
    const short = await present(receiver.port, `${receiver.ticket.slice(0, 10)}\n`);
    expect(short.answer).toBe('');
    const eager = await present(receiver.port, `${receiver.ticket}\nxbstream data`);
    expect(eager.answer).toBe('');
    const right = connect({ host: '127.0.0.1', port: receiver.port });
    right.on('connect', () => right.write(`${receiver.ticket}\n`));
    const socket = await receiver.accepted;
    expect(socket.readableLength).toBe(0);
    socket.destroy();
    right.destroy();
    expect(await refusedConnection(receiver.port)).toBe('ECONNREFUSED');
  });

  it('closes the receiver on abort and on timeout', async () => {
    const controller = new AbortController();
    const receiver = await openDirectReceiver({ host: '127.0.0.1', signal: controller.signal, timeoutMs: 5000 });
    controller.abort(new OperationError('stopped: the seed was aborted'));
    await expect(receiver.accepted).rejects.toThrow('stopped: the seed was aborted');
    expect(await refusedConnection(receiver.port)).toBe('ECONNREFUSED');
    const waiting: DirectReceiver = await openDirectReceiver({ host: '127.0.0.1', signal: new AbortController().signal, timeoutMs: 100 });
    await expect(waiting.accepted).rejects.toThrow('no source connected to the receiver within 100 ms');
    expect(await refusedConnection(waiting.port)).toBe('ECONNREFUSED');
  });

  it('fails the source with the target\'s reason when the copy is incomplete, and both sides when the producer fails', async () => {
    const d = dir();
    const input = makeFile(join(d, 'in'), 2 * MB);
    const target = new AbortController();
    const targetJob = job(target.signal);
    const receiver = await openDirectReceiver({ host: '127.0.0.1', signal: target.signal, timeoutMs: 5000 });
    const received = receiver.accepted.then((socket) =>
      extractFromSocket(targetJob, socket, consumer(join(d, 'out')), 'dd', async () => {
        throw new OperationError('the copy is incomplete: none of xtrabackup_info, mariadb_backup_info arrived');
      }),
    );
    received.catch(() => undefined);
    const source = new AbortController();
    const sourceJob = job(source.signal);
    const start = (socket: Socket) => sourceJob.spawn(producer(input), { stdin: 'ignore', stdout: socket });
    await expect(uploadDirect({ host: '127.0.0.1', port: receiver.port, ticket: receiver.ticket }, start, 'dd', 5000, source.signal, () => undefined)).rejects.toThrow(
      'the target failed to take the copy: the copy is incomplete: none of xtrabackup_info, mariadb_backup_info arrived',
    );
    await expect(received).rejects.toThrow('the copy is incomplete');

    const second = await openDirectReceiver({ host: '127.0.0.1', signal: target.signal, timeoutMs: 5000 });
    const secondReceived = second.accepted.then((socket) => extractFromSocket(targetJob, socket, consumer(join(d, 'out2')), 'dd', async () => 0));
    secondReceived.catch(() => undefined);
    const failing = (socket: Socket) => sourceJob.spawn(['dd', `if=${join(d, 'missing')}`], { stdin: 'ignore', stdout: socket });
    await expect(uploadDirect({ host: '127.0.0.1', port: second.port, ticket: second.ticket }, failing, 'dd', 5000, source.signal, () => undefined)).rejects.toThrow(/dd failed \(exit 1\)/);
    // The connection was reset, not ended: the consumer's copy is not taken for a whole one.
    await expect(secondReceived).rejects.toThrow();
  });

  it('stops both ends on an abort at the target mid-copy: the consumer is killed and the source fails', async () => {
    const target = new AbortController();
    const targetJob = job(target.signal);
    const receiver = await openDirectReceiver({ host: '127.0.0.1', signal: target.signal, timeoutMs: 5000 });
    let consumerPid = 0;
    const received = receiver.accepted.then((socket) => {
      const p = extractFromSocket(targetJob, socket, ['sleep', '30'], 'sleep', async () => 0);
      return p;
    });
    received.catch(() => undefined);
    const source = new AbortController();
    const sourceJob = job(source.signal);
    const start = (socket: Socket) => sourceJob.spawn(['dd', 'if=/dev/zero', 'bs=64k'], { stdin: 'ignore', stdout: socket });
    const upload = uploadDirect({ host: '127.0.0.1', port: receiver.port, ticket: receiver.ticket }, start, 'dd', 5000, source.signal, () => undefined);
    upload.catch(() => undefined);
    await receiver.accepted;
    await new Promise((r) => setTimeout(r, 200));
    consumerPid = trackers[0]!.records()[0]?.pid ?? 0;
    expect(cmdlineOf(consumerPid)?.[0]).toBe('sleep');
    target.abort(new OperationError('stopped: the seed was aborted'));
    await trackers[0]!.killAll();
    await expect(received).rejects.toThrow();
    await expect(upload).rejects.toThrow();
    expect(DirectHandshake.ticketLineLength).toBe(65);
  });
});
