// Application-level encryption of sensitive identifiers (the ID-card number) and key hashing.
// AES-256-GCM: a fresh 12-byte IV per value; stored as iv || tag || ciphertext.
import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { makeFolder } from './folders.ts';

const IV = 12;
const TAG = 16;

export type Sealer = {
  seal(plain: string): Buffer;
  open(sealed: Buffer): string;
  /** Keyed digest (HMAC-SHA256) of a JSON value: comparable by key holders, unguessable without the key. */
  digest(value: unknown): string;
};

export function sealer(key: Buffer): Sealer {
  if (key.length !== 32) throw new Error('AES-256-GCM needs a 32-byte key');
  // A separate subkey, so the digest key is never the encryption key itself.
  const macKey = Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), 'garde digest v1', 32));
  return {
    digest(value) {
      return createHmac('sha256', macKey).update(canonicalJson(value)).digest('hex');
    },
    seal(plain) {
      const iv = randomBytes(IV);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    open(sealed) {
      const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, IV));
      decipher.setAuthTag(sealed.subarray(IV, IV + TAG));
      return Buffer.concat([decipher.update(sealed.subarray(IV + TAG)), decipher.final()]).toString('utf8');
    },
  };
}

/** Embedded mode keeps a generated key in the data folder, readable by its owner only. */
export async function keyFromDataDir(file: string): Promise<Buffer> {
  try {
    return Buffer.from((await readFile(file, 'utf8')).trim(), 'hex');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const key = randomBytes(32);
  await makeFolder(dirname(file));
  await writeFile(file, key.toString('hex'), { mode: 0o600, flag: 'wx' }).catch(async (err) => {
    // Another process created it first: use theirs.
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  });
  await chmod(file, 0o600);
  return Buffer.from((await readFile(file, 'utf8')).trim(), 'hex');
}

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** A digest of a JSON value with sorted keys, so equal values always give the same digest. */
export function digestOf(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}
