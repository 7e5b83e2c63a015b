import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UnreachableError } from '../../../core/errors.js';
import { silentLogger } from '../../../core/ports/logger.js';
import { createHttpAgentClient } from '../../../src/agent-client/http-agent-client.js';
import { createAgentServer } from '../../../src/agent/agent-server.js';
import { PersistedVariablesFile } from '../../../src/agent/persisted-variables-file.js';
import { RolloutCommands } from '../../../src/agent/rollout-commands.js';
import { fakeAgentInfo } from '../../support/fake-agent-client.js';

const TOKEN = 'agent-token-0123456789';

describe('an agent serving https', () => {
  let app: ReturnType<typeof createAgentServer>;
  let url: string;
  let cert: Buffer;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'orc-agent-tls-'));
    // A self-signed certificate for 127.0.0.1, made the way an operator would.
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
    cert = readFileSync(join(dir, 'cert.pem'));
    const unused = { startStage: async () => undefined, stageStatus: () => { throw new Error('unused'); }, abort: async () => undefined, metadata: () => { throw new Error('unused'); }, receiveStream: async () => 0, openReceiver: async () => ({ port: 1, ticket: '' }) };
    app = createAgentServer({ token: TOKEN, tls: { cert, key: readFileSync(join(dir, 'key.pem')) }, info: async () => fakeAgentInfo('db1', 3306), seeds: unused, persisted: new PersistedVariablesFile(null), commands: new RolloutCommands({}, { PATH: '/usr/bin:/bin' }, tmpdir()), logger: silentLogger });
    await app.listen({ host: '127.0.0.1', port: 0 });
    url = `https://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  });

  afterAll(async () => {
    await app.close();
  });

  it('answers a client that trusts its certificate, and is unreachable for one that does not', async () => {
    const trusting = createHttpAgentClient({ token: TOKEN, requestTimeoutMs: 5000, tls: { ca: cert } });
    expect(await trusting.info({ url })).toMatchObject({ host: 'db1' });
    const wary = createHttpAgentClient({ token: TOKEN, requestTimeoutMs: 5000 });
    await expect(wary.info({ url })).rejects.toBeInstanceOf(UnreachableError);
    await expect(wary.info({ url })).rejects.toThrow(/SELF_SIGNED|self.signed/i);
  });
});
