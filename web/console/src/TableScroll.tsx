// A wide table that scrolls sideways on its own at narrow widths (WCAG 1.4.10 reflow). What
// scrolls must be reachable by keyboard (WCAG 2.1.1; axe `scrollable-region-focusable`), so the
// box takes the focus: the one place the console puts a tab stop on a non-interactive element.
import type { ReactNode } from 'react';

export function TableScroll({ children }: { children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling box must be reachable by keyboard (WCAG 2.1.1)
    <div className="table-scroll" tabIndex={0}>
      {children}
    </div>
  );
}
