// Keyset pagination for every list: a page is `{ items, next }`, and `next` is an opaque cursor
// naming the last row's sort key. The store filters in SQL and asks for one row more than the
// limit, so a page is never short because of a filter and `next` is null on the last page.
// A cursor is a position, not a permission: every list still filters by its subject and role.
// It is sealed (AES-256-GCM, the server's key) and names its list and the instance of it (a
// subject, a recipient and purpose): a client can neither read the row key in it (an internal
// row id would tell how many rows exist) nor write one, nor carry it to another person's list.
import type { Sealer } from './crypto.ts';
import { GardeError } from './errors.ts';
import { isInstant } from './http/formats.ts';
import { isStorableText } from './http/input-guard.ts';

/** `time`: a timestamp to the microsecond (`exactTime` in SQL), so no row is skipped or repeated. */
export type KeyPart = 'time' | 'int' | 'uuid' | 'text';
export type KeyValue = string | number;
export type Keyset = { list: string; parts: readonly KeyPart[] };

export type PageRequest = { after?: string; limit: number };
/** What seals a list's cursors, and the instance of the list they belong to ('' for one list). */
export type CursorSeal = { sealer: Pick<Sealer, 'seal' | 'open'>; scope?: string };
export type Page<T> = { items: T[]; next: string | null };

const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// A forged cursor is decoded by us but written by anyone: each part must be a value its column
// can hold, or the query fails as a 500 instead of a 400. Date.parse reads 2026-02-30, year 0000
// and 24:00 (as other instants) and PostgreSQL refuses them; isInstant, the check every date-time
// input meets, refuses those and a leap second. Text with NUL or a lone surrogate is refused as
// in any other input.
const valid: Record<KeyPart, (v: unknown) => boolean> = {
  time: (v) => typeof v === 'string' && TIME.test(v) && isInstant(v),
  // Compared as bigint: every safe integer fits.
  int: (v) => Number.isSafeInteger(v),
  uuid: (v) => typeof v === 'string' && UUID.test(v),
  text: (v) => typeof v === 'string' && v.length <= 1000 && isStorableText(v),
};

export function encodeCursor(c: CursorSeal, k: Keyset, key: readonly KeyValue[]): string {
  return c.sealer.seal(JSON.stringify({ l: k.list, s: c.scope ?? '', k: key })).toString('base64url');
}

/**
 * The key a cursor names, or null without one. 400 CURSOR_INVALID for anything this server did
 * not give for this list and scope: not sealed by its key, another list's or person's, or (a
 * second lock, should the key ever leak) a part its column cannot hold.
 */
export function readCursor(c: CursorSeal, k: Keyset, raw: string | undefined): KeyValue[] | null {
  if (raw === undefined) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(c.sealer.open(Buffer.from(raw, 'base64url')));
  } catch {
    parsed = null;
  }
  const p = parsed as { l?: unknown; s?: unknown; k?: unknown } | null;
  const key =
    p && p.l === k.list && p.s === (c.scope ?? '') && Array.isArray(p.k) ? (p.k as unknown[]) : null;
  if (!key || key.length !== k.parts.length || !k.parts.every((part, i) => valid[part](key[i])))
    throw new GardeError(
      'CURSOR_INVALID',
      `after: not a cursor of this list (${k.list}) that this server gave`,
    );
  return key as KeyValue[];
}

/** A row as the store reads it, with its sort key. */
export type Keyed<T> = { item: T; key: readonly KeyValue[] };

/**
 * One page: reads the cursor, asks the store for limit + 1 rows after it (filtered in SQL), and
 * gives a `next` cursor only when a row remains beyond the page.
 */
export async function paged<T>(
  c: CursorSeal,
  k: Keyset,
  req: PageRequest,
  fetch: (after: KeyValue[] | null, limit: number) => Promise<Keyed<T>[]>,
): Promise<Page<T>> {
  const rows = await fetch(readCursor(c, k, req.after), req.limit + 1);
  const page = rows.slice(0, req.limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => r.item),
    next: rows.length > req.limit && last ? encodeCursor(c, k, last.key) : null,
  };
}
