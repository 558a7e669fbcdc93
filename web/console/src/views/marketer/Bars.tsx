// A horizontal bar chart of a few labelled counts, followed by the same figures as a table (the
// chart is decorative for screen readers; the table is what they read). Stands in for the
// console's chart wrapper (web/console/src/Chart*.tsx) until the shell's lands.
export type Bar = { label: string; value: number };

const ROW = 28;
const LABEL = 220;
const BAR = 320;

export function Bars({ title, bars, tableCaption }: { title: string; bars: Bar[]; tableCaption: string }) {
  const max = Math.max(1, ...bars.map((b) => b.value));
  const width = (v: number) => (BAR * v) / max;
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <svg
        aria-hidden="true"
        focusable="false"
        viewBox={`0 0 ${LABEL + BAR + 60} ${bars.length * ROW}`}
        style={{ width: '100%', maxWidth: '40rem', height: 'auto', display: 'block' }}
      >
        {bars.map((b, i) => (
          <g key={b.label}>
            <text x={LABEL - 8} y={i * ROW + 19} fontSize="13" textAnchor="end" fill="#0b0c0c">
              {b.label.length > 30 ? `${b.label.slice(0, 29)}…` : b.label}
            </text>
            <rect x={LABEL} y={i * ROW + 4} width={Math.max(width(b.value), 1)} height={20} fill="#1d5fa8" />
            <text x={LABEL + width(b.value) + 6} y={i * ROW + 19} fontSize="13" fill="#0b0c0c">
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
