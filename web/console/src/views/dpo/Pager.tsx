// "First page" and "Next page" under a keyset-paged table: the server gives `next`, never a total.
import type { useCursors } from './dpo-api.ts';

type Props = {
  cursors: ReturnType<typeof useCursors>;
  next: string | null | undefined;
  firstLabel: string;
  nextLabel: string;
  id?: string;
};

export function Pager({ cursors, next, firstLabel, nextLabel, id }: Props) {
  if (cursors.page === 1 && !next) return null;
  return (
    <p>
      {cursors.page > 1 && (
        <button type="button" className="secondary" onClick={cursors.first}>
          {firstLabel}
        </button>
      )}{' '}
      {next && (
        <button type="button" id={id} onClick={() => cursors.forward(next)}>
          {nextLabel}
        </button>
      )}
    </p>
  );
}
