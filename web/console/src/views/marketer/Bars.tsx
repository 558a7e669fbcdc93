// A horizontal bar chart of a few labelled counts, followed by the same figures as a table (the
// chart is decorative for screen readers; the table is what they read). Stands in for the
// console's chart wrapper (web/console/src/Chart*.tsx) until the shell's lands.
export type Bar = { label: string; value: number };

export function Bars({ title, bars, tableCaption }: { title: string; bars: Bar[]; tableCaption: string }) {
  const max = Math.max(1, ...bars.map((b) => b.value));
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <svg
        aria-hidden="true"
        focusable="false"
        width="100%"
        height={bars.length * 28}
        viewBox={`0 0 400 ${bars.length * 28}`}
        preserveAspectRatio="none"
      >
        {bars.map((b, i) => (
          <g key={b.label}>
            <rect x={0} y={i * 28 + 4} width={(300 * b.value) / max} height={20} fill="#1d5fa8" />
            <text x={(300 * b.value) / max + 6} y={i * 28 + 19} fontSize="13" fill="#111">
              {b.value}
            </text>
          </g>
        ))}
      </svg>
      <table>
        <caption>{tableCaption}</caption>
        <tbody>
          {bars.map((b) => (
            <tr key={b.label}>
              <th scope="row">{b.label}</th>
              <td>{b.value}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
