// The console's one chart component (issue 15: "charts with a maintained library"): Chart.js on
// a canvas, always followed by the same figures as a table, so a screen reader, a keyboard user or
// anyone who wants the numbers gets them (the canvas itself is hidden from assistive technology).
// Chart.js draws on a canvas and sets sizes through the CSSOM only: it needs no inline style or
// script, so the console's strict CSP holds. Views import this file (it is its own chunk with
// them), never chart.js directly, so the console keeps one chart library and one look.
//
//   <Chart kind="bar" title={say('byReason')} labels={reasons} series={[{ label: say('persons'), values }]} />
import {
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  Chart as ChartJs,
  DoughnutController,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';
import { useEffect, useId, useRef } from 'react';

ChartJs.register(
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  DoughnutController,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
);

export type ChartSeries = { label: string; values: readonly number[] };

export type ChartProps = {
  kind: 'bar' | 'line' | 'doughnut';
  /** Heads the figure and captions its table. */
  title: string;
  /** One per column of the table (per bar, point or slice). */
  labels: readonly string[];
  /** One row of the table each; a doughnut shows the first. */
  series: readonly ChartSeries[];
  /** How a value is written, in the console's language (default: Intl.NumberFormat of `language`). */
  format?: (value: number) => string;
  language: string;
  /** Stacked bars (e.g. persons by outcome per month). */
  stacked?: boolean;
};

// WCAG 1.4.11: each colour contrasts 3:1 with the white background; series also differ by order.
const COLOURS = ['#1a4fa3', '#00703c', '#942514', '#6f3c97', '#8a5a00', '#0b6f7a'];

export function Chart({ kind, title, labels, series, format, language, stacked = false }: ChartProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const id = useId();
  const write = format ?? ((v: number) => new Intl.NumberFormat(language).format(v));

  useEffect(() => {
    if (!canvas.current) return;
    const doughnut = kind === 'doughnut';
    const chart = new ChartJs(canvas.current, {
      type: kind,
      data: {
        labels: [...labels],
        datasets: (doughnut ? series.slice(0, 1) : series).map((s, i) => ({
          label: s.label,
          data: [...s.values],
          backgroundColor: doughnut
            ? labels.map((_, j) => COLOURS[j % COLOURS.length])
            : COLOURS[i % COLOURS.length],
          borderColor: doughnut ? '#ffffff' : COLOURS[i % COLOURS.length],
        })),
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        locale: language,
        plugins: { legend: { display: series.length > 1 || doughnut } },
        scales: doughnut ? {} : { x: { stacked }, y: { stacked, beginAtZero: true } },
      },
    });
    return () => chart.destroy();
  }, [kind, labels, series, language, stacked]);

  return (
    <figure className="chart" aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`}>{title}</figcaption>
      {/* The table below says the same to assistive technology. */}
      <div className="chart-canvas" aria-hidden="true">
        <canvas ref={canvas} />
      </div>
      <table>
        <caption className="visually-hidden">{title}</caption>
        <thead>
          <tr>
            <td />
            {labels.map((l) => (
              <th key={l} scope="col">
                {l}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {series.map((s) => (
            <tr key={s.label}>
              <th scope="row">{s.label}</th>
              {s.values.map((v, i) => (
                <td key={labels[i] ?? i}>{write(v)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
