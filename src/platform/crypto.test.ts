import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson, digestOf, sealer } from './crypto.ts';

describe('sealer (AES-256-GCM)', () => {
  const s = sealer(randomBytes(32));

  it('round-trips and never repeats a ciphertext', () => {
    const a = s.seal('592-1234567-89');
    expect(s.open(a)).toBe('592-1234567-89');
    expect(a.equals(s.seal('592-1234567-89'))).toBe(false);
    expect(a.toString('latin1')).not.toContain('1234567');
  });

  it('refuses a tampered ciphertext or a wrong key', () => {
    const a = s.seal('secret');
    a[a.length - 1] = (a[a.length - 1] as number) ^ 1;
    expect(() => s.open(a)).toThrow();
    expect(() => sealer(randomBytes(32)).open(s.seal('secret'))).toThrow();
  });

  it('digests with a key: stable for one key, different for another, not a plain hash', () => {
    expect(s.digest({ email: 'a@example.be' })).toBe(s.digest({ email: 'a@example.be' }));
    expect(sealer(randomBytes(32)).digest({ email: 'a@example.be' })).not.toBe(
      s.digest({ email: 'a@example.be' }),
    );
    expect(s.digest({ email: 'a@example.be' })).not.toBe(digestOf({ email: 'a@example.be' }));
  });

  it('wants a 32-byte key', () => {
    expect(() => sealer(randomBytes(16))).toThrow(/32-byte/);
  });
});

describe('canonical JSON', () => {
  it('sorts keys at every depth and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: undefined } })).toBe(
      '{"a":{"d":[1,{"y":2,"z":1}]},"b":1}',
    );
    expect(digestOf({ x: 1, y: 2 })).toBe(digestOf({ y: 2, x: 1 }));
  });
});
