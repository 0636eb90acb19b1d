import { html, type SafeHtml } from './html';

/** Days the chart shows, ending today. */
const CHART_DAYS = 30;

const WIDTH = 720;
const HEIGHT = 180;
const LEFT = 36;
const BOTTOM = 24;
const TOP = 10;

/** The last `days` UTC dates (`YYYY-MM-DD`), oldest first, ending with the day of `now`. */
function lastDays(now: Date, days: number = CHART_DAYS): string[] {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return Array.from({ length: days }, (_v, i) => new Date(today - (days - 1 - i) * 86_400_000).toISOString().slice(0, 10));
}

/**
 * A bar chart of counts per day as inline SVG (no script, no external asset): one bar a day, a
 * tooltip (`<title>`) with the date and count, the highest count on the axis.
 *
 * @example
 * dailyChart({ '2026-12-01': 3 }, new Date());
 */
function dailyChart(perDay: Readonly<Record<string, number>>, now: Date, days: number = CHART_DAYS): SafeHtml {
  const dates = lastDays(now, days);
  const counts = dates.map((d) => perDay[d] ?? 0);
  const max = Math.max(1, ...counts);
  const plotHeight = HEIGHT - TOP - BOTTOM;
  const step = (WIDTH - LEFT) / dates.length;
  const bars = dates.map((date, i) => {
    const count = counts[i] ?? 0;
    const height = Math.round((count / max) * plotHeight);
    const x = (LEFT + i * step + 1).toFixed(1);
    const label =
      i % 5 === dates.length % 5 || i === dates.length - 1
        ? i === dates.length - 1
          ? html`<text x="${WIDTH}" y="${HEIGHT - 6}" class="axis" text-anchor="end">${date.slice(5)}</text>`
          : html`<text x="${x}" y="${HEIGHT - 6}" class="axis">${date.slice(5)}</text>`
        : '';
    return html`<g><rect class="bar" x="${x}" y="${TOP + plotHeight - height}" width="${(step - 2).toFixed(1)}" height="${height}"><title>${date}: ${count}</title></rect>${label}</g>`;
  });
  const total = counts.reduce((a, b) => a + b, 0);
  return html`<svg class="chart" role="img" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" aria-label="${`${total} suppressions in the last ${days} days, at most ${max} a day`}">
<line class="grid" x1="${LEFT}" y1="${TOP}" x2="${WIDTH}" y2="${TOP}"/><line class="grid" x1="${LEFT}" y1="${TOP + plotHeight}" x2="${WIDTH}" y2="${TOP + plotHeight}"/>
<text x="0" y="${TOP + 10}" class="axis">${max}</text><text x="0" y="${TOP + plotHeight}" class="axis">0</text>
${bars}</svg>`;
}

export { CHART_DAYS, dailyChart, lastDays };
