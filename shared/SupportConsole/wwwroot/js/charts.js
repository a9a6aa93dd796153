// Charts drawn as SVG by hand: stacked bars (orders per day per shop) and lines (sales per day per shop).
// Every bar and point carries its numbers (data-series, data-day, data-value and a <title>), and a table of the same
// numbers sits under each chart for screen readers and for copying.
import { h, fmtNumber } from './ui.js';

const palette = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];
export const colour = (i) => palette[i % palette.length];

const W = 960, H = 300, left = 56, right = 12, top = 14, bottom = 30;

/** The top of the axis: four equal, round steps (whole numbers when the values are counts). */
function niceMax(value, digits) {
  if (value <= 0) return 4;
  const raw = value / 4;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const steps = digits === 0 ? [1, 2, 5, 10] : [1, 2, 2.5, 5, 10];
  let step = 10 * magnitude;
  for (const s of steps) if (raw <= s * magnitude) { step = s * magnitude; break; }
  if (digits === 0) step = Math.max(1, Math.round(step));
  return step * 4;
}

function axes(max, days, digits) {
  const plotW = W - left - right, plotH = H - top - bottom;
  const nodes = [];
  for (let i = 0; i <= 4; i++) {
    const v = (max / 4) * i, y = top + plotH - (plotH * i) / 4;
    nodes.push(h('line', { x1: left, x2: W - right, y1: y, y2: y, class: 'grid' }));
    nodes.push(h('text', { x: left - 6, y: y + 4, 'text-anchor': 'end', class: 'tick' }, fmtNumber(v, Number.isInteger(v) ? 0 : digits)));
  }
  const every = Math.max(1, Math.ceil(days.length / 6));
  days.forEach((day, i) => {
    if (i % every !== 0 && i !== days.length - 1) return;
    const x = left + (plotW * (i + 0.5)) / days.length;
    nodes.push(h('text', { x, y: H - 8, 'text-anchor': 'middle', class: 'tick' }, day.slice(5)));
  });
  return nodes;
}

function legend(series) {
  return h('ul', { class: 'legend' }, series.map((s, i) => {
    const swatch = h('span', { class: 'swatch', 'aria-hidden': 'true' });
    swatch.style.background = colour(i);
    return h('li', {}, swatch, s.name);
  }));
}

function dataTable(caption, days, series, digits) {
  return h('details', { class: 'chart-data' }, h('summary', {}, 'Numbers'),
    h('div', { class: 'table-wrap' }, h('table', { class: 'data compact' },
      h('caption', {}, caption),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Day'), series.map(s => h('th', { scope: 'col' }, s.name)))),
      h('tbody', {}, days.map((day, d) => h('tr', {}, h('th', { scope: 'row' }, day),
        series.map(s => h('td', { 'data-series': s.key ?? s.name, 'data-day': day }, fmtNumber(s.values[d], digits)))))))));
}


/** Stacked bars: one bar per day, one segment per series. */
export function stackedBars({ title, days, series, digits = 0 }) {
  const totals = days.map((_, d) => series.reduce((sum, s) => sum + (s.values[d] || 0), 0));
  const max = niceMax(Math.max(0, ...totals), digits);
  const plotW = W - left - right, plotH = H - top - bottom;
  const band = plotW / days.length, barW = Math.max(2, band * 0.7);
  const bars = [];
  days.forEach((day, d) => {
    let y = top + plotH;
    series.forEach((s, i) => {
      const value = s.values[d] || 0;
      if (!value) return;
      const height = (plotH * value) / max;
      y -= height;
      bars.push(h('rect', {
        x: (left + band * d + (band - barW) / 2).toFixed(2), y: y.toFixed(2), width: barW.toFixed(2), height: height.toFixed(2),
        fill: colour(i), class: 'bar', 'data-series': s.key ?? s.name, 'data-day': day, 'data-value': value,
      }, h('title', {}, `${s.name}, ${day}: ${fmtNumber(value, digits)}`)));
    });
  });
  return h('figure', { class: 'chart' },
    h('figcaption', {}, title),
    h('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': title, class: 'chart-svg' }, axes(max, days, digits), bars),
    legend(series), dataTable(title, days, series, digits));
}

/** Lines: one per series, a point per day. */
export function lines({ title, days, series, digits = 2 }) {
  const max = niceMax(Math.max(0, ...series.flatMap(s => s.values)), digits);
  const plotW = W - left - right, plotH = H - top - bottom;
  const x = (d) => left + (plotW * (d + 0.5)) / days.length;
  const y = (v) => top + plotH - (plotH * v) / max;
  const drawn = series.map((s, i) => h('g', { class: 'series', 'data-series': s.key ?? s.name },
    h('polyline', { points: s.values.map((v, d) => `${x(d).toFixed(1)},${y(v || 0).toFixed(1)}`).join(' '), fill: 'none', stroke: colour(i), 'stroke-width': 2 }),
    s.values.map((v, d) => h('circle', {
      cx: x(d).toFixed(1), cy: y(v || 0).toFixed(1), r: v ? 3 : 1.5, fill: colour(i), class: 'point',
      'data-series': s.key ?? s.name, 'data-day': days[d], 'data-value': v || 0,
    }, h('title', {}, `${s.name}, ${days[d]}: ${fmtNumber(v || 0, digits)}`)))));
  return h('figure', { class: 'chart' },
    h('figcaption', {}, title),
    h('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': title, class: 'chart-svg' }, axes(max, days, digits), drawn),
    legend(series), dataTable(title, days, series, digits));
}
