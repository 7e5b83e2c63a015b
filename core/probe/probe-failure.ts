import { OrcError, UnreachableError } from '../errors.js';
import { formatInstanceKey, type InstanceKey } from '../model/instance-key.js';

/** Why a probe failed; kept in the error's details for callers that must tell them apart. */
export type ProbeFailureReason = 'connect' | 'query' | 'query_timeout' | 'deadline' | 'aborted' | 'closed' | 'bad_output';

interface DriverError {
  message?: string;
  code?: string;
  errno?: number;
}

/**
 * The UnreachableError a failed probe rejects with: "host:port: cause" (e.g. "127.0.0.1:3306: connect ETIMEDOUT"),
 * with the driver's code and errno in the details; the password never appears, even if a driver echoed it.
 */
export function probeFailure(key: InstanceKey, reason: ProbeFailureReason, cause: unknown, password: string, limitMs?: number): UnreachableError {
  const where = formatInstanceKey(key);
  const driver = (typeof cause === 'object' && cause !== null ? cause : {}) as DriverError;
  let text: string;
  switch (reason) {
    case 'deadline':
      text = `no answer within the ${limitMs} ms probe deadline`;
      break;
    case 'aborted':
      text = 'probe aborted';
      break;
    case 'closed':
      text = 'probe closed';
      break;
    case 'query_timeout':
      text = `query timed out after ${limitMs} ms`;
      break;
    default: {
      const raw = cause instanceof OrcError || cause instanceof Error ? cause.message : String(driver.message ?? cause);
      // Node appends the address to connect errors ("connect ECONNREFUSED 127.0.0.1:3306"); the prefix has it.
      text = raw.replace(` ${key.host}:${key.port}`, '');
      if (driver.code && !text.includes(driver.code) && !/^E[A-Z]+$/.test(driver.code)) text += ` (${driver.code})`;
    }
  }
  const message = scrub(`${where}: ${text}`, password);
  return new UnreachableError(
    message,
    { host: key.host, port: key.port, reason, code: driver.code ?? null, errno: driver.errno ?? null },
    { cause },
  );
}

function scrub(text: string, password: string): string {
  return password.length >= 3 ? text.split(password).join('***') : text;
}
