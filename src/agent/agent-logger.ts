import { pino, type Logger as PinoLogger } from 'pino';
import type { AgentConfig } from './agent-config.js';

/** The agent's pino logger: to log.file when set, else to destination (stderr); passwords, tokens and Authorization headers redacted. */
export function createAgentLogger(config: AgentConfig, destination?: NodeJS.WritableStream): PinoLogger {
  const redact = {
    paths: ['password', '*.password', '*.*.password', 'token', '*.token', '*.*.token', 'authorization', '*.authorization', '*.headers.authorization'],
    censor: '[redacted]',
  };
  const base = { name: 'orc-agent', server: `${config.server.host}:${config.server.port}` };
  if (config.log.file) {
    return pino({ level: config.log.level, redact, base }, pino.destination({ dest: config.log.file, mkdir: true, sync: false }));
  }
  return pino({ level: config.log.level, redact, base }, destination ?? pino.destination(2));
}
