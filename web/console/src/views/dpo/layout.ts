// The layout of the DPO's forms and lists, as React style objects (the strict CSP allows no inline
// style in HTML, but React's style props are set through the DOM): one field under another, the
// urgency groups in a row.
import type { CSSProperties } from 'react';

export const FORM: CSSProperties = { display: 'grid', gap: '0.75rem', maxWidth: '36rem', margin: '1rem 0' };
export const FIELD: CSSProperties = { display: 'grid', gap: '0.25rem' };
export const ROW: CSSProperties = {
  display: 'flex',
  flexWrap: 'wrap',
  gap: '0.5rem',
  listStyle: 'none',
  padding: 0,
};
export const FILTERS: CSSProperties = {
  display: 'grid',
  gridTemplateColumns: 'repeat(auto-fill, minmax(12rem, 1fr))',
  gap: '0.75rem',
  alignItems: 'end',
  margin: '1rem 0',
};
