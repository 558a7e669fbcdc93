// The console's bar chart (issue 15: "charts with a maintained library"), on recharts: one bar per
// labelled value, horizontal so long names (a rule and its category) stay readable. The labels take
// at most two fifths of the chart's width (a phone keeps room for the bars), wrapped on two lines
// and cut with an ellipsis beyond; their full text is in the table that follows. The picture is
// for the eye only (aria-hidden): every chart is followed by a table of the same figures, which
// screen readers and keyboards use: pass `tableCaption` and the chart brings a two-column table of
// its own; leave it out when the screen follows the chart with a richer table. Its colours meet 3:1
// against the white panel (WCAG 1.4.11).
import { useEffect, useRef, useState } from 'react';
import { Bar, BarChart as Bars, CartesianGrid, LabelList, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import { labelLines } from './chart-labels.ts';
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
  /** The id of a heading that already names the chart: the figure is labelled by it, no caption repeats it. */
  headingId?: string;
};

const BAR = 28;
const INK = '#0b0c0c';
const FILL = '#1a4fa3';
/** Width of one character of a 14 px label, on average (px), and of a wide one. */
const CHAR = 7.5;
const WIDE_CHAR = 8.2;
/** The tick mark and the gap before a label (px). */
const TICK = 12;
const LINE = 16;
/** The label column's share of the chart's width, and its bounds (px). */
const LABEL_SHARE = 0.4;
const LABEL_MIN = 72;
const LABEL_MAX = 360;

/** The width of the element, followed as it changes (0 before the first layout). */
function useWidth() {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    setWidth(el.clientWidth);
    const seen = new ResizeObserver(([entry]) => setWidth(entry?.contentRect.width ?? 0));
    seen.observe(el);
    return () => seen.disconnect();
  }, []);
  return [ref, width] as const;
}

type TickProps = { x?: number | string; y?: number | string; payload?: { value?: unknown } };

/** A label of the category axis, on the lines labelLines gives it, centred on its bar. */
function LabelTick({ x, y, payload, perLine }: TickProps & { perLine: number }) {
  const lines = labelLines(String(payload?.value ?? ''), perLine);
  const top = Number(y) - ((lines.length - 1) * LINE) / 2;
  return (
    <text x={Number(x)} y={top} textAnchor="end" fill={INK} fontSize={14} dominantBaseline="central">
      {lines.map((l, i) => (
        <tspan key={l} x={Number(x)} dy={i === 0 ? 0 : LINE}>
          {l}
        </tspan>
      ))}
    </text>
  );
}

export function BarChart({ id, title, data, language, tableCaption, headingId }: Props) {
  const format = (v: number) => v.toLocaleString(language);
  const [box, width] = useWidth();
  const longest = Math.max(...data.map((d) => d.label.length), 10);
  const labelWidth = Math.round(
    Math.min(longest * CHAR, LABEL_MAX, Math.max(LABEL_MIN, (width || 1280) * LABEL_SHARE)),
  );
  // The tick mark and its gap take some of the column; glyphs wider than the average take more.
  const perLine = Math.max(4, Math.floor((labelWidth - TICK) / WIDE_CHAR));
  return (
    <figure id={id} className="chart" aria-labelledby={headingId ?? `${id}-title`}>
      {headingId === undefined && <figcaption id={`${id}-title`}>{title}</figcaption>}
      <div aria-hidden="true" ref={box}>
        <ResponsiveContainer width="100%" height={data.length * (BAR + 12) + 40}>
          <Bars
            data={[...data]}
            layout="vertical"
            margin={{ top: 8, right: 64, bottom: 8, left: 8 }}
            accessibilityLayer={false}
          >
            <CartesianGrid horizontal={false} stroke="#b1b4b6" />
            <XAxis
              type="number"
              tickFormatter={format}
              stroke={INK}
              allowDecimals={false}
              // A phone keeps three ticks (0, the middle, the end) rather than recharts' one.
              tickCount={width > 0 && width < 520 ? 3 : 5}
              interval="preserveStartEnd"
              minTickGap={2}
            />
            <YAxis
              type="category"
              dataKey="label"
              width={labelWidth}
              stroke={INK}
              tick={(p: TickProps) => <LabelTick {...p} perLine={perLine} />}
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
