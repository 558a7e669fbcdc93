import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { IMPOSSIBLE_TIMES } from '../../test/support/fuzz-inputs.ts';
import { sealer } from './crypto.ts';
import { GardeError } from './errors.ts';
import { type CursorSeal, encodeCursor, type Keyset, type KeyValue, readCursor } from './pagination.ts';

const LIST: Keyset = { list: 'events', parts: ['time', 'int', 'uuid', 'text'] };
const GOOD: KeyValue[] = [
  '2026-06-15T10:00:00.123456Z',
  42,
  '00000000-0000-4000-8000-000000000000',
  'savings',
];
const SEAL: CursorSeal = { sealer: sealer(randomBytes(32)), scope: 'subject-a' };

/**
 * The cursor with one part replaced, sealed with the server's own key: what a forger could write
 * only if the key leaked. The parts are checked all the same (the second lock).
 */
const forged = (i: number, v: unknown) =>
  SEAL.sealer
    .seal(JSON.stringify({ l: LIST.list, s: SEAL.scope, k: GOOD.map((g, j) => (j === i ? v : g)) }))
    .toString('base64url');

const refused = (raw: string, seal: CursorSeal = SEAL) => {
  try {
    readCursor(seal, LIST, raw);
  } catch (e) {
    return e instanceof GardeError && e.code === 'CURSOR_INVALID';
  }
  return false;
};

describe('cursors', () => {
  it('a cursor this server gave reads back as its key', () => {
    expect(readCursor(SEAL, LIST, encodeCursor(SEAL, LIST, GOOD))).toEqual(GOOD);
    expect(readCursor(SEAL, LIST, undefined)).toBeNull();
    const edges: KeyValue[] = ['0001-01-01T00:00:00.000000Z', -(2 ** 53 - 1), GOOD[2] as string, '💥 é'];
    expect(readCursor(SEAL, LIST, encodeCursor(SEAL, LIST, edges))).toEqual(edges);
    const last = '9999-12-31T23:59:59.999999Z';
    const end = encodeCursor(SEAL, LIST, [last, 2 ** 53 - 1, GOOD[2] as string, '']);
    expect(readCursor(SEAL, LIST, end)?.[0]).toBe(last);
  });

  it('a cursor is sealed: it shows no row key, and one written by hand is CURSOR_INVALID', () => {
    const raw = encodeCursor(SEAL, LIST, GOOD);
    expect(Buffer.from(raw, 'base64url').toString('latin1')).not.toMatch(/savings|2026-06-15|"k"/);
    const plain = Buffer.from(JSON.stringify({ l: LIST.list, s: SEAL.scope, k: GOOD })).toString('base64url');
    expect(refused(plain)).toBe(true);
    const tampered = Buffer.from(raw, 'base64url');
    tampered[tampered.length - 1] = (tampered[tampered.length - 1] as number) ^ 1;
    expect(refused(tampered.toString('base64url'))).toBe(true);
    expect(refused(raw, { sealer: sealer(randomBytes(32)), scope: SEAL.scope })).toBe(true);
  });

  it("a cursor belongs to its list's instance: another person's is CURSOR_INVALID", () => {
    const raw = encodeCursor(SEAL, LIST, GOOD);
    expect(refused(raw, { ...SEAL, scope: 'subject-b' })).toBe(true);
    expect(refused(raw, { sealer: SEAL.sealer })).toBe(true);
  });

  it('a forged time that names no instant (a day that does not exist, year 0000, 24:00, a leap second) is CURSOR_INVALID', () => {
    for (const t of [
      ...IMPOSSIBLE_TIMES,
      '2026-13-01T00:00:00.000000Z',
      '2026-06-15T10:00:00Z',
      '2026-06-15',
    ])
      expect(refused(forged(0, t)), t).toBe(true);
  });

  it('a forged int beyond what the database compares (bigint) or not an integer is CURSOR_INVALID', () => {
    for (const n of [2 ** 53, -(2 ** 63), 9.3e18, 1.5, '1', null])
      expect(refused(forged(1, n)), String(n)).toBe(true);
    const huge = `{"l":"events","s":"subject-a","k":["${GOOD[0]}",99999999999999999999999,"${GOOD[2]}","x"]}`;
    expect(refused(SEAL.sealer.seal(huge).toString('base64url'))).toBe(true);
  });

  it('a forged text the database cannot hold (NUL, a lone surrogate) or a bad uuid is CURSOR_INVALID', () => {
    for (const s of ['\u0000', 'a\u0000b', '\ud800', 'a\udc00b', '\ud83d', 'x'.repeat(1001)])
      expect(refused(forged(3, s)), JSON.stringify(s)).toBe(true);
    for (const u of ['not-a-uuid', `${GOOD[2]}\u0000`, ''])
      expect(refused(forged(2, u)), JSON.stringify(u)).toBe(true);
  });

  it('a cursor of another list, of the wrong length, or not a cursor at all is CURSOR_INVALID', () => {
    expect(refused(encodeCursor(SEAL, { ...LIST, list: 'keys' }, GOOD))).toBe(true);
    expect(refused(encodeCursor(SEAL, LIST, GOOD.slice(0, 3)))).toBe(true);
    for (const raw of ['', 'x', '%00', Buffer.from('null').toString('base64url')])
      expect(refused(raw), raw).toBe(true);
  });
});
