import { rename, rm, writeFile } from 'node:fs/promises';

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
export async function writeSecretFile(file: string, text: string): Promise<void> {
  const tmp = `${file}.tmp`;
  // A leftover temporary file would keep its old mode: the mode below applies only to a new file.
  await rm(tmp, { force: true });
  await writeFile(tmp, text, { mode: 0o600 });
  await rename(tmp, file);
}
