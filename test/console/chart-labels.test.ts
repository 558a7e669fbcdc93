// The console's bar charts on a phone (issue 15): a label fits the column it is given, on at most
// two lines, broken between words or after a hyphen, and says it was cut with an ellipsis.
import { describe, expect, it } from 'vitest';
import { labelLines } from '../../web/console/src/chart-labels.ts';

describe('a chart label in its column', () => {
  it('stays whole on one line when it fits', () => {
    expect(labelLines('Once', 12)).toEqual(['Once']);
  });

  it('breaks between words, then after a hyphen, never wider than the column', () => {
    expect(labelLines('interests-1y — Centres', 14)).toEqual(['interests-1y —', 'Centres']);
    expect(labelLines('web-behaviour-1y', 12)).toEqual(['web-', 'behaviour-1y']);
    expect(labelLines('web-behaviour-1y', 14)).toEqual(['web-behaviour-', '1y']);
    for (const l of labelLines('web-behaviour-1y — Comportement de navigation', 14))
      expect(l.length).toBeLessThanOrEqual(14);
  });

  it('ends with an ellipsis what two lines cannot hold', () => {
    expect(labelLines('web-behaviour-1y — Comportement de navigation', 14)).toEqual([
      'web-behaviour-',
      '1y…',
    ]);
    expect(labelLines('Pseudonymisation', 6)).toEqual(['Pseudo', 'nymis…']);
  });
});
