import { writeFileAtomically } from './write-file-atomically.js';

const quote = (value: string): string => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/**
 * The option file the agent passes as --defaults-file to every MariaDB program: it includes the server's own cnf
 * (so no global option file is read and the programs see the server's settings), then sets the agent's account for
 * the client programs ([client]) and mariabackup ([mariabackup], which reads the server groups, not [client]).
 * --defaults-extra-file cannot do this: it is ignored when --defaults-file is given.
 */
export function renderClientOptionFile(cnf: string, user: string, password: string): string {
  const account = [`user=${quote(user)}`, `password=${quote(password)}`];
  return [`!include ${cnf}`, '', '[client]', ...account, '', '[mariabackup]', ...account, ''].join('\n');
}

/** Writes an option file holding a password atomically, readable by its owner only. */
export function writeSecretFile(file: string, text: string): Promise<void> {
  return writeFileAtomically(file, text, 0o600);
}
