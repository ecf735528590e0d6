// Hand-written SVG charts: a time line chart (lag, throughput) and horizontal bars (panels).
// Charts redraw into the same <svg> element so a refresh does not flicker or move the page.
import { s } from './ui.js';


/** "Nice" tick values from 0 to at least max: steps of 1, 2 or 5 times a power of ten. */
export function ticks(max, count = 4) {
  if (!(max > 0)) return [0, 1];
  const raw = max / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((m) => m >= raw);
  const result = [];
  for (let v = 0; v < max + step * 0.999; v += step) result.push(Number(v.toPrecision(12)));
  return result;
}

const TIME_STEPS = [5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600].map((s) => s * 1000);

function ago(ms) {
  if (ms < 500) return 'now';
  return ms < 60_000 ? `−${Math.round(ms / 1000)} s` : `−${Math.round(ms / 60_000)} min`;
}

/**
 * Draws values over times (ISO strings, aligned; null = unknown, drawn as a gap).
 * options: format(value) for the y labels and the current value, integer (y ticks whole numbers),
 * label for assistive tech, and series: more value arrays (aligned the same way) drawn as thin
 * lines of their own class (per-partition lag under a group's total, say).
 */
export function lineChart(svg, times, values, { format = String, integer = false, label = '', series = [] } = {}) {
  const W = 360;
  const H = 150;
  const m = { left: 40, right: 12, top: 12, bottom: 22 };
  const stamps = times.map((t) => Date.parse(t));
  const end = stamps.length ? stamps[stamps.length - 1] : Date.now();
  const start = stamps.length > 1 ? stamps[0] : end - 60_000;
  const span = Math.max(end - start, 1000);

  const known = [values, ...series.map((line) => line.values)].flat().filter((v) => Number.isFinite(v));
  let top = Math.max(0, ...known);
  if (integer) top = Math.max(top, 4);
  else if (top === 0) top = 1;
  const yTicks = ticks(top).filter((v) => !integer || Number.isInteger(v));
  const yMax = yTicks[yTicks.length - 1];

  const x = (t) => m.left + ((t - start) / span) * (W - m.left - m.right);
  const y = (v) => H - m.bottom - (v / yMax) * (H - m.top - m.bottom);

  const children = [];
  for (const v of yTicks) {
    children.push(
      s('line', { class: 'grid', x1: m.left, x2: W - m.right, y1: y(v), y2: y(v) }),
      s('text', { class: 'tick', x: m.left - 6, y: y(v) + 4, 'text-anchor': 'end' }, format(v)),
    );
  }
  const step = TIME_STEPS.find((st) => span / st <= 4) ?? TIME_STEPS[TIME_STEPS.length - 1];
  for (let back = 0; back <= span; back += step) {
    const tx = x(end - back);
    const anchor = back === 0 ? 'end' : tx - m.left < 20 ? 'start' : 'middle';
    children.push(
      s('line', { class: 'axis', x1: tx, x2: tx, y1: H - m.bottom, y2: H - m.bottom + 4 }),
      s('text', { class: 'tick', x: tx, y: H - 6, 'text-anchor': anchor }, ago(back)),
    );
  }
  children.push(s('line', { class: 'axis', x1: m.left, x2: W - m.right, y1: H - m.bottom, y2: H - m.bottom }));

  // One path per run of known values; a single known point becomes a dot.
  const runsOf = (vals) => {
    let run = [];
    const found = [];
    vals.forEach((v, i) => {
      if (Number.isFinite(v) && Number.isFinite(stamps[i])) {
        run.push([x(stamps[i]), y(v)]);
      } else if (run.length) {
        found.push(run);
        run = [];
      }
    });
    if (run.length) found.push(run);
    return found;
  };
  const path = (r) => r.map(([px, py], i) => `${i ? 'L' : 'M'}${px.toFixed(1)},${py.toFixed(1)}`).join('');
  for (const line of series) {
    for (const r of runsOf(line.values)) {
      if (r.length > 1) children.push(s('path', { class: `series ${line.cls}`, d: path(r) }));
    }
  }
  const runs = runsOf(values);
  const base = y(0);
  for (const r of runs) {
    const line = path(r);
    if (r.length > 1) {
      children.push(
        s('path', { class: 'area', d: `${line}L${r[r.length - 1][0].toFixed(1)},${base}L${r[0][0].toFixed(1)},${base}Z` }),
        s('path', { class: 'line', d: line }),
      );
    }
  }
  const last = runs.length ? runs[runs.length - 1].at(-1) : null;
  if (last) children.push(s('circle', { class: 'dot', cx: last[0], cy: last[1], r: 3 }));

  svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', label);
  svg.replaceChildren(s('title', {}, label), ...children);
}

/** The last known value of a series, or null. */
export function latest(values) {
  for (let i = values.length - 1; i >= 0; i--) if (Number.isFinite(values[i])) return values[i];
  return null;
}

/**
 * Horizontal bars: [{label, value, max}]. A bar with a max fills its own track (value of max);
 * the others share a scale set by the largest value among them.
 */
export function barChart(svg, bars, { label = '' } = {}) {
  // Drawn at the width it is shown at, so the labels keep their size on a phone.
  const W = Math.round(Math.max(280, Math.min(720, svg.getBoundingClientRect().width || 520)));
  const ROW = 28;
  const labelWidth = Math.min(210, Math.round(W * 0.34));
  const valueWidth = 78;
  const trackX = labelWidth + 8;
  const trackWidth = W - trackX - valueWidth - 8;
  const shared = Math.max(0, ...bars.filter((b) => !Number.isFinite(b.max)).map((b) => b.value || 0));

  const rows = bars.map((bar, i) => {
    const value = Number(bar.value) || 0;
    const hasMax = Number.isFinite(bar.max) && bar.max > 0;
    const scale = hasMax ? bar.max : shared;
    const fraction = scale > 0 ? Math.min(1, Math.max(0, value / scale)) : 0;
    const yTop = i * ROW + 4;
    const text = hasMax ? `${fmt(value)} / ${fmt(bar.max)}` : fmt(value);
    return s('g', { class: 'bar' + (hasMax && fraction >= 1 ? ' full' : '') },
      s('title', {}, `${bar.label}: ${text}`),
      s('text', { class: 'bar-label', x: labelWidth, y: yTop + 15, 'text-anchor': 'end' }, clip(String(bar.label), labelWidth)),
      s('rect', { class: 'track', x: trackX, y: yTop + 3, width: trackWidth, height: ROW - 12, rx: 4 }),
      s('rect', { class: 'fill', x: trackX, y: yTop + 3, width: Math.max(fraction * trackWidth, value > 0 ? 2 : 0), height: ROW - 12, rx: 4 }),
      s('text', { class: 'bar-value', x: trackX + trackWidth + 8, y: yTop + 15 }, text));
  });
  const height = Math.max(bars.length * ROW + 8, ROW);
  svg.setAttribute('viewBox', `0 0 ${W} ${height}`);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', label);
  svg.replaceChildren(s('title', {}, label), ...rows);
}

function fmt(value) {
  return Number(value).toLocaleString(undefined, { maximumFractionDigits: 2 });
}

/** Truncates text to about width pixels; glyph is the average glyph width of its font. */
export function clip(text, width, glyph = 7.2) {
  const fits = Math.floor(width / glyph);
  return text.length > fits ? `${text.slice(0, fits - 1)}…` : text;
}
