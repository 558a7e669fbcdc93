import { mkdir, stat } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * `mkdir -p` that always ends. Node's recursive mkdir retries for ever where a folder exists but
 * refuses children with ENOENT (under /proc, some FUSE mounts), so each missing folder is made in
 * turn, from the nearest existing one down, and the first refusal is thrown as it came (its
 * `code` and `path` say what and where).
 */
export async function makeFolder(dir: string, mode = 0o700): Promise<void> {
  const missing: string[] = [];
  for (let path = dir; !(await isFolder(path)); path = dirname(path)) {
    missing.unshift(path);
    if (dirname(path) === path) break;
  }
  for (const path of missing) {
    try {
      await mkdir(path, { mode });
    } catch (err) {
      // Another process made it first.
      if ((err as NodeJS.ErrnoException).code === 'EEXIST' && (await isFolder(path))) continue;
      throw err;
    }
  }
}

const isFolder = (path: string) =>
  stat(path).then(
    (s) => s.isDirectory(),
    () => false,
  );
