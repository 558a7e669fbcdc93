// A wide table that scrolls sideways on its own at narrow widths (WCAG 1.4.10 reflow). What
// scrolls must be reachable by keyboard (WCAG 2.1.1; axe `scrollable-region-focusable`), so the
// box takes the focus: the one place the console puts a tab stop on a non-interactive element.
// What takes the focus must say what it is (WCAG 4.1.2; axe `focus-order-semantics`): the box is a
// region named `label`, so a screen reader announces the table a person has tabbed to.
import type { ReactNode } from 'react';

export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling box must be reachable by keyboard (WCAG 2.1.1)
    <section className="table-scroll" aria-label={label} tabIndex={0}>
      {children}
    </section>
  );
}
