// Where a command writes the document it made: the file --output names, whole or not at all.
import writeFileAtomic from 'write-file-atomic';
import { UsageError } from './usage-error.ts';

const WHY: Readonly<Record<string, string>> = {
  ENOENT: 'its folder does not exist',
  EACCES: 'it may not be written here',
  EPERM: 'it may not be written here',
  EISDIR: 'it is a folder',
  ENOTDIR: 'a part of its path is a file, not a folder',
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
};

/**
 * Writes `body` to `file` atomically (a reader never sees half a document, and a file already
 * there stays as it was when the write fails). A file that cannot be written is a UsageError
 * naming it and why (exit 2), never a stack.
 */
export async function writeOutput(file: string, body: string | Uint8Array): Promise<void> {
  try {
    await writeFileAtomic(file, typeof body === 'string' ? body : Buffer.from(body));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? '';
    throw new UsageError(`--output ${file}: cannot write it: ${WHY[code] ?? code ?? 'unknown error'}`);
  }
}
