// Consumers: each group's lag over time and each topic's throughput, sampled by the gateway.
import { api } from './api.js';
import { h, s, poll, rate, number } from './ui.js';
import { lineChart, latest } from './charts.js';

// distinct colours for partition lines; partitions beyond share them in turn
const SERIES_COLOURS = 6;

export function mount({ el, signal, ready }) {
  const lagGrid = h('div', { id: 'lag-charts', class: 'chart-grid' });
  const throughputGrid = h('div', { id: 'throughput', class: 'chart-grid' });
  const lagCards = new Map();
  const topicCards = new Map();

  el.append(
    h('header', { class: 'view-head' },
      h('h1', {}, 'Consumers'),
      h('p', { class: 'lead' }, 'How far behind each consumer group is, and how busy each topic is, over the last 10 minutes. Refreshed every 2 s.')),
    h('section', {},
      h('h2', {}, 'Lag by group'),
      h('p', { class: 'muted small' }, 'Lag is the number of events on the topic the group has not handled yet; 0 means caught up.'),
      lagGrid),
    h('section', {},
      h('h2', {}, 'Throughput by topic'),
      h('p', { class: 'muted small' }, 'Events appended to each topic per second.'),
      throughputGrid),
  );

  poll('consumers', 2000, signal, async () => {
    const data = await api('admin/consumers', { signal });
    const times = data.times ?? [];
    sync(lagGrid, lagCards, data.groups ?? [], (g) => `${g.group}\u0000${g.topic}`, (g) => lagCard(g), (card, g) => drawLag(card, g, times),
      'No consumer groups yet.');
    sync(throughputGrid, topicCards, data.topics ?? [], (t) => t.topic, (t) => topicCard(t), (card, t) => drawTopic(card, t, times),
      'No topics yet.');
    ready();
  });
}

/** Keeps one card per item, in the items' order, creating and removing cards as needed. */
function sync(grid, cards, items, keyOf, create, draw, emptyText) {
  const keys = new Set(items.map(keyOf));
  for (const [key, card] of cards) {
    if (!keys.has(key)) {
      card.root.remove();
      cards.delete(key);
    }
  }
  grid.querySelector('.empty')?.remove();
  items.forEach((item, i) => {
    const key = keyOf(item);
    let card = cards.get(key);
    if (!card) {
      card = create(item);
      cards.set(key, card);
    }
    if (grid.children[i] !== card.root) grid.insertBefore(card.root, grid.children[i] ?? null);
    draw(card, item);
  });
  if (!items.length) grid.append(h('p', { class: 'empty' }, emptyText));
}

function lagCard(g) {
  const value = h('span', { class: 'current' });
  const svg = s('svg', { class: 'lag-chart', 'data-group': g.group, 'data-topic': g.topic });
  const parts = h('p', { class: 'muted small partitions' });
  const root = h('figure', { class: 'card chart-card' },
    h('figcaption', {}, h('span', {}, h('span', { class: 'strong' }, g.group), h('span', { class: 'muted' }, ` on ${g.topic}`)), value),
    svg, parts);
  return { root, value, svg, parts };
}

function drawLag(card, g, times) {
  const lag = g.lag ?? [];
  const now = latest(lag);
  card.value.textContent = now === null ? 'unknown' : now === 0 ? 'caught up' : `${number(now)} behind`;
  card.value.className = `current ${now > 0 ? 'behind' : 'ok'}`;
  const partitions = g.partitions ?? [];
  const perPartition = partitions.length > 1;
  lineChart(card.svg, times, lag, {
    integer: true,
    format: (v) => compact(v),
    label: `Lag of group ${g.group} on topic ${g.topic}: ${now ?? 'unknown'}`,
    series: perPartition
      ? partitions.map((p) => ({ values: p.lag ?? [], cls: `partition-${p.partition % SERIES_COLOURS}` }))
      : [],
  });
  // a legend: the thick line is the group's total, each thin one a partition
  card.parts.replaceChildren(...(perPartition
    ? [h('span', { class: 'legend total' }, 'total'), ...partitions.map((p) => h('span', { class: `legend partition-${p.partition % SERIES_COLOURS}` },
      `p${p.partition}: ${latest(p.lag ?? []) ?? '–'}`))]
    : []));
}

function topicCard(t) {
  const value = h('span', { class: 'current' });
  const svg = s('svg', { class: 'throughput-chart', 'data-topic': t.topic });
  const end = h('p', { class: 'muted small' });
  const root = h('figure', { class: 'card chart-card' },
    h('figcaption', {}, h('span', { class: 'strong' }, t.topic), value), svg, end);
  return { root, value, svg, end };
}

function drawTopic(card, t, times) {
  const perSecond = t.perSecond ?? [];
  const now = latest(perSecond);
  card.value.textContent = now === null ? '–' : rate(now);
  lineChart(card.svg, times, perSecond, {
    format: (v) => compact(v),
    label: `Events per second on topic ${t.topic}: ${now ?? 'unknown'}`,
  });
  card.end.textContent = Number.isFinite(t.end) ? `end offset ${number(t.end)}` : '';
}

function compact(v) {
  if (v >= 1_000_000) return `${Number((v / 1_000_000).toFixed(1))}M`;
  if (v >= 1000) return `${Number((v / 1000).toFixed(1))}k`;
  return String(Number(v.toFixed(2)));
}
