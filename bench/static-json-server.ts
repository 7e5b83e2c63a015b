import { once } from 'node:events';
import { Worker } from 'node:worker_threads';

/** A bare node:http server answering every request with the same JSON bytes, and how to stop it. */
export interface StaticJsonServer {
  readonly port: number;
  close(): Promise<void>;
}

// The server runs on a worker thread of the bench process: its own event loop, as orc serve has its own process,
// so the load clients on the main thread do not slow the baseline down.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const body = Buffer.from(workerData.body, 'utf8');
const server = http.createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length });
  res.end(body);
});
server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port));
`;

/** Starts the server on 127.0.0.1 (a free port) on a worker thread; close() terminates the thread. */
export async function startStaticJsonServer(body: string): Promise<StaticJsonServer> {
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { body } });
  const [port] = (await Promise.race([once(worker, 'message'), once(worker, 'error').then(([err]) => Promise.reject(err))])) as [number];
  return { port, close: async () => void (await worker.terminate()) };
}
