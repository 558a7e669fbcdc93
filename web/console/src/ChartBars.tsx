// The console's bar chart (issue 15: "charts with a maintained library"), on recharts: one bar per
// labelled value, horizontal so long names (a rule and its category) stay readable. The picture is
// for the eye only (aria-hidden): every chart is followed by a table of the same figures, which
// screen readers and keyboards use: pass `tableCaption` and the chart brings a two-column table of
// its own; leave it out when the screen follows the chart with a richer table. Its colours meet 3:1
// against the white panel (WCAG 1.4.11).
import { Bar, BarChart as Bars, CartesianGrid, LabelList, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import { TableScroll } from './TableScroll.tsx';
import type { Language } from './words.ts';

export type BarDatum = { label: string; value: number };

type Props = {
  id: string;
  /** What the chart shows: its caption, and the name of the table that follows it. */
  title: string;
  data: readonly BarDatum[];
  language: Language;
  /** When given, the figure ends with a table of the same labels and values under this caption. */
  tableCaption?: string;
};

const BAR = 28;
const INK = '#0b0c0c';
const FILL = '#1a4fa3';

export function BarChart({ id, title, data, language, tableCaption }: Props) {
  const format = (v: number) => v.toLocaleString(language);
  const longest = Math.max(...data.map((d) => d.label.length), 10);
  return (
    <figure id={id} className="chart" aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`}>{title}</figcaption>
      <div aria-hidden="true">
        <ResponsiveContainer width="100%" height={data.length * (BAR + 12) + 40}>
          <Bars
            data={[...data]}
            layout="vertical"
            margin={{ top: 8, right: 64, bottom: 8, left: 8 }}
            accessibilityLayer={false}
          >
            <CartesianGrid horizontal={false} stroke="#b1b4b6" />
            <XAxis type="number" tickFormatter={format} stroke={INK} allowDecimals={false} />
            <YAxis
              type="category"
              dataKey="label"
              width={Math.min(longest * 7.5, 360)}
              stroke={INK}
              tick={{ fill: INK, fontSize: 14 }}
              interval={0}
            />
            <Bar dataKey="value" fill={FILL} barSize={BAR} isAnimationActive={false}>
              <LabelList dataKey="value" position="right" formatter={(v) => format(Number(v))} fill={INK} />
            </Bar>
          </Bars>
        </ResponsiveContainer>
      </div>
      {tableCaption !== undefined && (
        // Named after the chart too: a screen of several charts has several such tables.
        <TableScroll label={`${title}: ${tableCaption}`}>
          <table id={`${id}-table`}>
            <caption>{tableCaption}</caption>
            <tbody>
              {data.map((d) => (
                <tr key={d.label}>
                  <th scope="row">{d.label}</th>
                  <td>{format(d.value)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </figure>
  );
}
