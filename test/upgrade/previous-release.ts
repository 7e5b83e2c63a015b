import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const REPO = fileURLToPath(new URL('../..', import.meta.url));

/** The release the upgrade test starts from: its tag, and the commit to use when the clone lacks the tag. */
export const PREVIOUS_RELEASE: { readonly tag: string; readonly commit: string } = JSON.parse(
  readFileSync(fileURLToPath(new URL('./previous-release.json', import.meta.url)), 'utf8'),
);

/** The previous release's commit, found by tag or by the recorded commit id, or why neither is in this clone. */
export type ResolvedRelease = { readonly commit: string; readonly via: 'tag' | 'commit' } | { readonly missing: string };

/** Resolves the previous release in this clone: the tag first, then the commit id of previous-release.json. */
export async function resolvePreviousRelease(): Promise<ResolvedRelease> {
  const { tag, commit } = PREVIOUS_RELEASE;
  const byTag = await revParse(`refs/tags/${tag}^{commit}`);
  if (byTag) return { commit: byTag, via: 'tag' };
  const byCommit = await revParse(`${commit}^{commit}`);
  if (byCommit) return { commit: byCommit, via: 'commit' };
  return {
    missing:
      `the previous release (tag ${tag}, commit ${commit}, from test/upgrade/previous-release.json) is not in this clone ` +
      `(a shallow clone?): run \`git fetch --tags --unshallow\` to test upgrades from it`,
  };
}

/** A checkout of one commit's sources, runnable through its own bin/orc.js, and its removal. */
export interface ReleaseCheckout {
  readonly dir: string;
  readonly bin: string;
  remove(): Promise<void>;
}

/**
 * Extracts the commit's tree into a temporary directory with this repo's node_modules linked in (the release runs
 * from its sources through tsx). `git archive` rather than `git worktree add`: a test killed half-way leaves no
 * worktree registered in the repository.
 */
export async function checkOutRelease(commit: string): Promise<ReleaseCheckout> {
  const dir = await mkdtemp(join(tmpdir(), 'orc-previous-release-'));
  const remove = () => rm(dir, { recursive: true, force: true });
  try {
    await run('bash', ['-c', 'set -o pipefail; git -C "$1" archive "$2" | tar -x -C "$3"', 'archive', REPO, commit, dir], { maxBuffer: 64 * 1024 * 1024 });
    await symlink(join(REPO, 'node_modules'), join(dir, 'node_modules'));
  } catch (err) {
    await remove();
    throw err;
  }
  return { dir, bin: join(dir, 'bin', 'orc.js'), remove };
}

async function revParse(ref: string): Promise<string | null> {
  try {
    const { stdout } = await run('git', ['-C', REPO, 'rev-parse', '--verify', '--quiet', ref]);
    return stdout.trim() || null;
  } catch {
    return null;
  }
}
