// A panel: the figures and bar charts an application publishes about itself (the demo's shop).
import { api, enc } from './api.js';
import { h, s, poll, clock } from './ui.js';
import { barChart } from './charts.js';

export function mount({ el, param, signal, ready }) {
  const title = h('h1', {}, param);
  const at = h('p', { class: 'lead' }, 'What the application reports about itself; refreshed every 2 s.');
  const root = h('div', { id: 'panel' });
  const figures = h('div', { class: 'figures' });
  const charts = h('div', { class: 'chart-grid wide' });
  root.append(figures, charts);
  el.append(h('header', { class: 'view-head' }, title, at), root);

  const chartCards = new Map();

  poll('panel', 2000, signal, async () => {
    const panel = await api(`admin/panels/${enc(param)}`, { signal });
    title.textContent = panel.title || panel.id;
    document.title = `${title.textContent} · Herald`;
    at.textContent = `What the application reports about itself${panel.at ? `, as of ${clock(panel.at)}` : ''}; refreshed every 2 s.`;
    figures.replaceChildren(...(panel.figures ?? []).map((f) =>
      h('div', { class: 'figure card' }, h('span', { class: 'figure-value' }, f.value), h('span', { class: 'figure-label' }, f.label))));
    drawCharts(panel.charts ?? []);
    ready();
  });
  signal.addEventListener('abort', () => { document.title = 'Herald'; }, { once: true });

  function drawCharts(list) {
    const seen = new Set();
    list.forEach((chart, i) => {
      const key = chart.title ?? String(i);
      seen.add(key);
      let card = chartCards.get(key);
      if (!card) {
        const svg = s('svg', { class: 'bars' });
        card = { root: h('figure', { class: 'card chart-card' }, h('figcaption', {}, h('span', { class: 'strong' }, chart.title)), svg), svg };
        chartCards.set(key, card);
      }
      if (charts.children[i] !== card.root) charts.insertBefore(card.root, charts.children[i] ?? null);
      const bars = chart.bars ?? [];
      barChart(card.svg, bars, { label: `${chart.title}: ${bars.map((b) => `${b.label} ${b.value}${b.max != null ? ` of ${b.max}` : ''}`).join(', ')}` });
    });
    for (const [key, card] of chartCards) {
      if (!seen.has(key)) {
        card.root.remove();
        chartCards.delete(key);
      }
    }
  }
}
