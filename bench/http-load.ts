import { Agent, request } from 'node:http';

/** One HTTP GET to repeat: always to 127.0.0.1, with the status a correct answer has. */
export interface LoadTarget {
  readonly port: number;
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly expectStatus: number;
}

/** How long a scenario runs: whichever of the duration and the request count comes first ends it. */
export interface LoadBounds {
  readonly concurrency: number;
  readonly durationMs: number;
  readonly maxRequests: number;
  /** Aborted: the clients send nothing more and the run ends with what it has. */
  readonly signal?: AbortSignal;
}

/** Requests per second and the latency spread of one scenario; errors are wrong statuses and failed requests. */
export interface LoadResult {
  readonly concurrency: number;
  readonly requests: number;
  readonly errors: number;
  readonly firstError?: string;
  readonly wallMs: number;
  readonly requestsPerSecond: number;
  readonly latencyMs: { readonly p50: number; readonly p90: number; readonly p99: number; readonly max: number };
  readonly responseBytes: number;
}

const REQUEST_TIMEOUT_MS = 10_000;

function getOnce(agent: Agent, target: LoadTarget): Promise<{ status: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: target.port, path: target.path, agent, headers: target.headers }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => (bytes += chunk.length));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms`)));
    req.end();
  });
}

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

const round = (n: number): number => Math.round(n * 1000) / 1000;

/**
 * Runs `concurrency` clients, each sending its next GET as soon as the previous one is answered, over one
 * keep-alive agent with a socket per client, until the duration or the request count is reached.
 */
export async function runLoad(target: LoadTarget, bounds: LoadBounds): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: bounds.concurrency });
  const latencies = new Float64Array(bounds.maxRequests);
  let started = 0;
  let done = 0;
  let errors = 0;
  let firstError: string | undefined;
  let responseBytes = 0;
  const begin = performance.now();
  const deadline = begin + bounds.durationMs;
  try {
    await Promise.all(
      Array.from({ length: bounds.concurrency }, async () => {
        while (started < bounds.maxRequests && performance.now() < deadline && !bounds.signal?.aborted) {
          started++;
          const t0 = performance.now();
          try {
            const { status, bytes } = await getOnce(agent, target);
            responseBytes = bytes;
            if (status !== target.expectStatus) {
              errors++;
              firstError ??= `status ${status}, expected ${target.expectStatus}`;
            }
          } catch (err) {
            errors++;
            firstError ??= (err as Error).message;
          }
          latencies[done++] = performance.now() - t0;
        }
      }),
    );
  } finally {
    agent.destroy();
  }
  const wallMs = performance.now() - begin;
  const sorted = latencies.subarray(0, done).sort();
  return {
    concurrency: bounds.concurrency,
    requests: done,
    errors,
    ...(firstError === undefined ? {} : { firstError }),
    wallMs: Math.round(wallMs),
    requestsPerSecond: Math.round(done / (wallMs / 1000)),
    latencyMs: { p50: round(percentile(sorted, 50)), p90: round(percentile(sorted, 90)), p99: round(percentile(sorted, 99)), max: round(sorted[done - 1] ?? 0) },
    responseBytes,
  };
}
