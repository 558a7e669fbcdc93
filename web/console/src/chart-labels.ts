// How a bar chart's label fits its column (ChartBars.tsx): pure, so it is tested without a browser.

/**
 * A label on at most `most` lines of `max` characters: broken between words or after a hyphen
 * (`web-behaviour-1y`), a part longer than a line cut across lines, and what does not fit ending
 * with an ellipsis. Pure.
 */
export function labelLines(label: string, max: number, most = 2): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of label.split(/\s+/).filter(Boolean)) {
    // A word's parts, each but the last ending with its hyphen; glued back without a space.
    word.split(/(?<=-)/).forEach((part, i) => {
      const next = line && i === 0 ? `${line} ${part}` : `${line}${part}`;
      if (!line || next.length <= max) line = next;
      else {
        lines.push(line);
        line = part;
      }
    });
  }
  if (line) lines.push(line);
  const fit = lines.flatMap((l) => l.match(new RegExp(`.{1,${max}}`, 'gu')) ?? []);
  if (fit.length <= most) return fit;
  const kept = fit.slice(0, most);
  // The ellipsis follows a letter, not a dash or a space left at the end.
  kept[most - 1] = `${(kept[most - 1] ?? '').slice(0, max - 1).replace(/[\s\u2013\u2014-]+$/u, '')}…`;
  return kept;
}
