// Hot-path SQL, written out so that a change to it shows in review (STYLE 3b).
import { describe, expect, it } from 'vitest';
import { STATE_SQL } from '../../src/consent/store.ts';

describe('hot-path SQL', () => {
  it('subject state read (every decision)', async () => {
    await expect(`${STATE_SQL.trim()}\n`).toMatchFileSnapshot('./state-read.sql');
  });
});
