import { OrcError, StoreError } from '../errors.js';

/** Replaces every occurrence of secret in text (a password must never reach a message or a log). */
export function redact(text: string, secret: string): string {
  return secret === '' ? text : text.split(secret).join('***');
}

/**
 * Converts what a driver threw during operation into a StoreError (coded errors keep their code) whose message
 * never contains secret.
 */
export function storeFailure(operation: string, err: unknown, secret: string): OrcError {
  if (err instanceof OrcError) {
    if (secret === '' || !err.message.includes(secret)) return err;
    const message = redact(err.message, secret);
    return err instanceof StoreError ? new StoreError(message, { ...err.details }) : new OrcError(err.code, message, { ...err.details });
  }
  const raw = err instanceof Error ? err.message : String(err);
  const code = typeof (err as { code?: unknown })?.code === 'string' ? (err as { code: string }).code : undefined;
  // The driver error is not kept as cause: nothing guarantees its fields (sql, values, config) are free of secrets.
  return new StoreError(`store: ${operation} failed: ${redact(raw, secret)}`, code === undefined ? { operation } : { operation, driverCode: code });
}
