import { FLOW_TYPES, type FlowType } from '../../core/flows.js';
import { usePortal } from '../context.js';
import { navigate } from '../router.js';
import { formatDay } from './format.js';

/**
 * Claims per day, stacked by flow type, in plain SVG: a title and a description for assistive
 * technology, every bar segment a link to the list filtered to that day and flow, and the same
 * numbers as a table (with the same links) for those who prefer one. Colours are paired with the
 * legend and the table, never the only way to tell flows apart.
 */
export interface ChartDay {
  /** The viewer's calendar day, `YYYY-MM-DD`. */
  day: string;
  counts: Partial<Record<FlowType, number>>;
}

/** One colour per flow, each at least 3:1 against the white card (WCAG 1.4.11). */
export const FLOW_COLOURS: Record<FlowType, string> = {
  defective: '#1d4ed8',
  notReceived: '#b42318',
  return: '#067647',
  missingProduct: '#93370d',
  wrongProduct: '#6d28d9',
  dissatisfied: '#0e7490',
  support: '#4b5563',
};

const WIDTH = 640;
const HEIGHT = 180;
const AXIS = 24;

const total = (day: ChartDay) => FLOW_TYPES.reduce((sum, flow) => sum + (day.counts[flow] ?? 0), 0);

export function ClaimsChart(props: { days: ChartDay[]; hrefFor: (day: string, flow: FlowType) => string }) {
  const { t, language } = usePortal();
  const { days } = props;
  const flows = FLOW_TYPES.filter((flow) => days.some((day) => (day.counts[flow] ?? 0) > 0));
  const highest = Math.max(1, ...days.map(total));
  const sum = days.reduce((all, day) => all + total(day), 0);
  const slot = days.length > 0 ? (WIDTH - AXIS) / days.length : WIDTH;
  const barWidth = Math.max(2, Math.min(28, slot * 0.7));
  const scale = (HEIGHT - 20) / highest;
  const first = days[0]?.day;
  const last = days[days.length - 1]?.day;
  const range = first && last ? { from: formatDay(first, language), to: formatDay(last, language) } : undefined;
  const follow = (event: MouseEvent, href: string) => {
    // SVG links are not HTML anchors: the router's click handler leaves them to us.
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(href);
  };
  return (
    <figure class="claims-chart">
      <figcaption id="claims-chart-title">{t('claims.chart.title')}</figcaption>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT + AXIS}`}
        aria-labelledby="claims-chart-svg-title claims-chart-svg-desc"
        role="group"
        focusable="false"
      >
        <title id="claims-chart-svg-title">{t('claims.chart.title')}</title>
        <desc id="claims-chart-svg-desc">
          {range ? t('claims.chart.desc', { count: sum, from: range.from, to: range.to }) : t('claims.chart.empty')}
        </desc>
        <line x1={AXIS} y1={HEIGHT} x2={WIDTH} y2={HEIGHT} class="axis" />
        <text x={AXIS - 4} y={12} class="tick" text-anchor="end" aria-hidden="true">
          {highest}
        </text>
        <text x={AXIS - 4} y={HEIGHT} class="tick" text-anchor="end" aria-hidden="true">
          0
        </text>
        {days.map((day, index) => {
          let top = HEIGHT;
          const x = AXIS + index * slot + (slot - barWidth) / 2;
          const label = index === 0 || index === days.length - 1 || days.length <= 10;
          return (
            <g key={day.day}>
              {flows.map((flow) => {
                const count = day.counts[flow] ?? 0;
                if (count === 0) return null;
                const height = count * scale;
                top -= height;
                const href = props.hrefFor(day.day, flow);
                return (
                  <a
                    key={flow}
                    href={href}
                    aria-label={t('claims.chart.bar', {
                      count,
                      day: formatDay(day.day, language),
                      flow: t(`values.flow_type.${flow}`),
                    })}
                    onClick={(event) => follow(event as unknown as MouseEvent, href)}
                  >
                    <rect x={x} y={top} width={barWidth} height={height} fill={FLOW_COLOURS[flow]} />
                  </a>
                );
              })}
              {label ? (
                <text x={x + barWidth / 2} y={HEIGHT + 16} class="tick" text-anchor="middle" aria-hidden="true">
                  {formatDay(day.day, language, true)}
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
      {flows.length > 0 ? (
        <ul class="legend" aria-label={t('claims.chart.legend')}>
          {flows.map((flow) => (
            <li key={flow}>
              <span class="swatch-dot" style={{ background: FLOW_COLOURS[flow] }} aria-hidden="true" />
              {t(`values.flow_type.${flow}`)}
            </li>
          ))}
        </ul>
      ) : null}
      <details class="chart-table">
        <summary>{t('claims.chart.as_table')}</summary>
        <div class="table-wrap">
          <table>
            <caption class="visually-hidden">{t('claims.chart.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('claims.chart.day')}</th>
                {flows.map((flow) => (
                  <th scope="col" key={flow}>
                    {t(`values.flow_type.${flow}`)}
                  </th>
                ))}
                <th scope="col">{t('claims.chart.total')}</th>
              </tr>
            </thead>
            <tbody>
              {days.map((day) => (
                <tr key={day.day}>
                  <th scope="row">{formatDay(day.day, language)}</th>
                  {flows.map((flow) => {
                    const count = day.counts[flow] ?? 0;
                    return <td key={flow}>{count > 0 ? <a href={props.hrefFor(day.day, flow)}>{count}</a> : 0}</td>;
                  })}
                  <td>{total(day)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
