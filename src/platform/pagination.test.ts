import { describe, expect, it } from 'vitest';
import { IMPOSSIBLE_TIMES } from '../../test/support/fuzz-inputs.ts';
import { GardeError } from './errors.ts';
import { encodeCursor, type Keyset, type KeyValue, readCursor } from './pagination.ts';

const LIST: Keyset = { list: 'events', parts: ['time', 'int', 'uuid', 'text'] };
const GOOD: KeyValue[] = [
  '2026-06-15T10:00:00.123456Z',
  42,
  '00000000-0000-4000-8000-000000000000',
  'savings',
];

/** The cursor with one part replaced, as a forger would write it. */
const forged = (i: number, v: unknown) =>
  Buffer.from(JSON.stringify({ l: LIST.list, k: GOOD.map((g, j) => (j === i ? v : g)) })).toString(
    'base64url',
  );

const refused = (raw: string) => {
  try {
    readCursor(LIST, raw);
  } catch (e) {
    return e instanceof GardeError && e.code === 'CURSOR_INVALID';
  }
  return false;
};

describe('cursors', () => {
  it('a cursor this server gave reads back as its key', () => {
    expect(readCursor(LIST, encodeCursor(LIST, GOOD))).toEqual(GOOD);
    expect(readCursor(LIST, undefined)).toBeNull();
    const edges: KeyValue[] = ['0001-01-01T00:00:00.000000Z', -(2 ** 53 - 1), GOOD[2] as string, '💥 é'];
    expect(readCursor(LIST, encodeCursor(LIST, edges))).toEqual(edges);
    const last = '9999-12-31T23:59:59.999999Z';
    expect(readCursor(LIST, encodeCursor(LIST, [last, 2 ** 53 - 1, GOOD[2] as string, '']))?.[0]).toBe(last);
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
    const huge = Buffer.from(`{"l":"events","k":["${GOOD[0]}",99999999999999999999999,"${GOOD[2]}","x"]}`);
    expect(refused(huge.toString('base64url'))).toBe(true);
  });

  it('a forged text the database cannot hold (NUL, a lone surrogate) or a bad uuid is CURSOR_INVALID', () => {
    for (const s of ['\u0000', 'a\u0000b', '\ud800', 'a\udc00b', '\ud83d', 'x'.repeat(1001)])
      expect(refused(forged(3, s)), JSON.stringify(s)).toBe(true);
    for (const u of ['not-a-uuid', `${GOOD[2]}\u0000`, ''])
      expect(refused(forged(2, u)), JSON.stringify(u)).toBe(true);
  });

  it('a cursor of another list, of the wrong length, or not a cursor at all is CURSOR_INVALID', () => {
    expect(refused(encodeCursor({ ...LIST, list: 'keys' }, GOOD))).toBe(true);
    expect(refused(encodeCursor(LIST, GOOD.slice(0, 3)))).toBe(true);
    for (const raw of ['', 'x', '%00', Buffer.from('null').toString('base64url')])
      expect(refused(raw), raw).toBe(true);
  });
});
