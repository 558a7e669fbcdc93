// The error summary of the GOV.UK Design System: at the top of the view, focused when a problem
// appears, each problem a link to the control it is about.
import { useEffect, useRef } from 'react';

/** A problem the person can act on: `control` is the id of the field or button it is about. */
export type Problem = { control: string; message: string };

export function ErrorSummary({ title, problems }: { title: string; problems: readonly Problem[] }) {
  const box = useRef<HTMLDivElement>(null);
  // Focus when the set of problems changes, not on every render that rebuilds the same list:
  // otherwise any later change on the page would pull the focus back here.
  const which = problems.map((p) => p.control).join(' ');
  useEffect(() => {
    if (which) box.current?.focus();
  }, [which]);
  if (problems.length === 0) return null;
  return (
    <div role="alert" className="error-summary" tabIndex={-1} ref={box} aria-labelledby="error-summary-title">
      <h2 id="error-summary-title">{title}</h2>
      <ul>
        {problems.map((p) => (
          <li key={p.control}>
            <a href={`#${p.control}`}>{p.message}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}
