import { userInfo } from 'node:os';

/** The OS user running orc, for audit actors ("cli:alice", "tui:alice"); "unknown" when it cannot be read. */
export function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}
