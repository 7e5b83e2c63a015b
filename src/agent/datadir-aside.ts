import { existsSync } from 'node:fs';
import { chmod, lchown, mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { OperationError } from '../../core/errors.js';

/** Where a physical seed keeps the target's original datadir: beside it (same file system, so moving it is free). */
export function asidePath(datadir: string, seedId: string): string {
  return `${datadir}.orc-seed-${seedId}`;
}

/**
 * Sets the original datadir aside and leaves an empty datadir with its owner and mode. The aside directory, once it
 * exists, is the original: it is never replaced, and whatever is at the datadir path then is the seed's own
 * (half-written) copy, removed here. Safe to run again after a crash or for a retry.
 */
export async function setAsideAndEmpty(datadir: string, aside: string): Promise<void> {
  if (!existsSync(aside)) {
    if (!existsSync(datadir)) throw new OperationError(`the datadir ${datadir} does not exist`);
    await rename(datadir, aside);
  } else {
    await rm(datadir, { recursive: true, force: true });
  }
  const original = await stat(aside);
  await mkdir(datadir, { mode: original.mode & 0o7777 });
  await chmod(datadir, original.mode & 0o7777);
  await lchown(datadir, original.uid, original.gid);
}

/** Removes the seed's copy and moves the original datadir back (the server must be down); nothing to do without an aside. */
export async function putOriginalBack(datadir: string, aside: string): Promise<boolean> {
  if (!existsSync(aside)) return false;
  await rm(datadir, { recursive: true, force: true });
  await rename(aside, datadir);
  return true;
}

/** Gives every file under dir the owner of the original datadir (the agent may run as another user than the server). */
export async function ownLikeOriginal(dir: string, aside: string): Promise<void> {
  const { uid, gid } = await stat(aside);
  if (typeof process.getuid === 'function' && uid === process.getuid() && gid === process.getgid?.()) return;
  await chownTree(dir, uid, gid);
}

async function chownTree(dir: string, uid: number, gid: number): Promise<void> {
  await lchown(dir, uid, gid);
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    if (e.isDirectory()) await chownTree(path, uid, gid);
    else await lchown(path, uid, gid);
  }
}
