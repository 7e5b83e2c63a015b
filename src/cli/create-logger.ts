import { pino, type Logger as PinoLogger } from 'pino';
import type { Config } from '../../core/config.js';

/** Builds the pino logger for a process: to the configured file, else to stderr; passwords, API tokens and Authorization headers are redacted. */
export function createLogger(config: Config, destination?: NodeJS.WritableStream): PinoLogger {
  const redact = {
    paths: ['password', '*.password', '*.*.password', 'config.*.password', 'token', '*.token', '*.*.token', 'authorization', '*.authorization', '*.headers.authorization'],
    censor: '[redacted]',
  };
  if (config.log.file) {
    return pino({ level: config.log.level, redact }, pino.destination({ dest: config.log.file, mkdir: true, sync: false }));
  }
  return pino({ level: config.log.level, redact }, destination ?? pino.destination(2));
}
