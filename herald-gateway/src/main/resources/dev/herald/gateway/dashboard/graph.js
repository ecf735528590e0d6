// The topology graph: publishing services on the left, event types in the middle, handling
// services on the right, edges with their rates. A service that both publishes and handles is
// drawn on both sides, so every edge runs left to right and the graph has no cycles to untangle.
import { s, rate, number } from './ui.js';
import { clip } from './charts.js';

const NODE_H = 42;
const GAP = 16;
const COLUMN_GAP = 190;
const CHAR = 8.2; // average glyph width of the bold 13px node names
const PAD = 28;

/** Builds the three columns and the edges between them from GET /admin/topology. */
export function layout(topology) {
  const edges = topology.edges ?? [];
  const publishers = new Set(edges.filter((e) => e.kind === 'publishes').map((e) => e.from));
  const handlers = new Set(edges.filter((e) => e.kind === 'handles').map((e) => e.to));
  const types = new Set((topology.eventTypes ?? []).map((t) => `type:${t.type}`));
  for (const e of edges) (e.kind === 'publishes' ? types.add(e.to) : types.add(e.from));
  for (const service of topology.services ?? []) {
    const id = `service:${service.name}`;
    if (!publishers.has(id) && !handlers.has(id)) publishers.add(id); // idle: show it anyway
  }

  const left = [...publishers].sort();
  const order = (ids, neighbours) => {
    const score = (id) => {
      const near = neighbours(id);
      return near.length ? near.reduce((a, b) => a + b, 0) / near.length : Infinity;
    };
    return [...ids].sort((a, b) => score(a) - score(b) || a.localeCompare(b));
  };
  // Barycentre ordering: each node sits near the average row of its neighbours, which keeps
  // most edges from crossing.
  const mid = order(types, (t) => edges.filter((e) => e.to === t && e.kind === 'publishes').map((e) => left.indexOf(e.from)));
  const right = order(handlers, (sv) => edges.filter((e) => e.to === sv && e.kind === 'handles').map((e) => mid.indexOf(e.from)));
  const leftOrdered = order(left, (sv) => edges.filter((e) => e.from === sv).map((e) => mid.indexOf(e.to)));

  const columns = [leftOrdered, mid, right].map((ids, column) => ids.map((id) => ({
    id,
    column,
    name: id.replace(/^(service|type):/, ''),
  })));
  return { columns, edges };
}

function widthOf(nodes) {
  return Math.max(120, ...nodes.map((n) => Math.min(n.name.length, 34) * CHAR + PAD));
}

function nodeSummary(node, edges) {
  if (node.column === 1) {
    const inflow = edges.filter((e) => e.to === node.id);
    return `${rate(sum(inflow, 'perSecond'))} published`;
  }
  const mine = edges.filter((e) => (node.column === 0 ? e.from : e.to) === node.id);
  return node.column === 0 ? `publishes ${rate(sum(mine, 'perSecond'))}` : `handles ${rate(sum(mine, 'perSecond'))}`;
}

const sum = (list, field) => list.reduce((total, e) => total + (Number(e[field]) || 0), 0);

/** Totals for the info line shown on hover or focus. */
export function describe(nodeId, topology) {
  const edges = topology.edges ?? [];
  const name = nodeId.replace(/^(service|type):/, '');
  if (nodeId.startsWith('type:')) {
    const published = edges.filter((e) => e.to === nodeId);
    const handled = edges.filter((e) => e.from === nodeId);
    const topics = (topology.eventTypes ?? []).find((t) => t.type === name)?.topics ?? [];
    return `${name}: ${number(sum(published, 'total'))} published (${rate(sum(published, 'perSecond'))})`
      + (topics.length ? ` on ${topics.join(', ')}` : '')
      + `; handled ${number(sum(handled, 'total'))} times by ${handled.length} group${handled.length === 1 ? '' : 's'}`
      + failures(handled) + ' in the last minute.';
  }
  const published = edges.filter((e) => e.from === nodeId);
  const handled = edges.filter((e) => e.to === nodeId);
  const service = (topology.services ?? []).find((sv) => sv.name === name);
  const groups = service?.groups?.length ? ` · groups ${service.groups.join(', ')}` : '';
  return `${name}: published ${number(sum(published, 'total'))} (${rate(sum(published, 'perSecond'))}), `
    + `handled ${number(sum(handled, 'total'))} (${rate(sum(handled, 'perSecond'))})${failures(handled)} in the last minute${groups}.`;
}

function failures(edges) {
  const failed = sum(edges, 'failed');
  const dead = sum(edges, 'deadLettered');
  return (failed ? `, ${number(failed)} failed` : '') + (dead ? `, ${number(dead)} dead-lettered` : '');
}

function edgeLabel(edge) {
  const dead = Number(edge.deadLettered) || 0;
  return rate(Number(edge.perSecond)) + (dead ? ` · ${dead} dead` : '');
}

function edgeClass(edge) {
  const classes = ['edge', edge.kind];
  if (Number(edge.deadLettered) > 0) classes.push('dead');
  else if (Number(edge.failed) > 0) classes.push('failing');
  if (!(Number(edge.perSecond) > 0)) classes.push('idle');
  return classes.join(' ');
}

function strokeWidth(edge) {
  return (1.5 + Math.min(4, Math.log2(1 + (Number(edge.perSecond) || 0)))).toFixed(2);
}

/**
 * Draws the graph into svg. When the nodes and edges are the same as last time only the labels,
 * widths and colours change, so a refresh neither flickers nor loses the focused node.
 */
export function drawTopology(svg, topology, { onFocus } = {}) {
  const { columns, edges } = layout(topology);
  const shape = JSON.stringify([columns.map((c) => c.map((n) => n.id)), edges.map((e) => [e.from, e.to, e.group])]);
  if (svg.dataset.shape === shape) {
    update(svg, topology, columns, edges);
    return;
  }
  svg.dataset.shape = shape;

  const widths = columns.map(widthOf);
  const MARGIN = 30;
  const xs = [MARGIN, MARGIN + widths[0] + COLUMN_GAP, MARGIN + widths[0] + widths[1] + 2 * COLUMN_GAP];
  const place = positions(columns, edges, xs, widths);
  const height = Math.max(...[...place.values()].map((p) => p.y + NODE_H), NODE_H) + 12;
  const width = xs[2] + widths[2] + MARGIN;

  const headings = ['Publishing services', 'Event types', 'Handling services'].map((text, c) =>
    s('text', { class: 'column-title', x: xs[c] + widths[c] / 2, y: 14, 'text-anchor': 'middle' }, text));

  const labels = []; // placed label boxes, to keep the next ones off them
  const edgeGroups = edges.map((edge) => {
    const fromColumn = edge.kind === 'publishes' ? 0 : 1;
    const a = place.get(`${fromColumn}|${edge.from}`);
    const b = place.get(`${fromColumn + 1}|${edge.to}`);
    if (!a || !b) return null;
    const curve = [a.x + a.w, a.y + NODE_H / 2, b.x - 3, b.y + NODE_H / 2];
    const [x1, y1, x2, y2] = curve;
    const dx = (x2 - x1) / 2;
    const label = edgeLabel(edge);
    const lw = label.length * 6.6 + 10;
    const [lx, ly] = labelSpot(curve, lw, edge.kind, labels);
    return s('g', { class: edgeClass(edge), 'data-from': edge.from, 'data-to': edge.to, 'data-group': edge.group ?? '' },
      s('title', {}, edgeTitle(edge)),
      s('path', { class: 'edge-line', d: `M${x1},${y1} C${x1 + dx},${y1} ${x2 - dx},${y2} ${x2},${y2}`, 'stroke-width': strokeWidth(edge), 'marker-end': 'url(#arrow)' }),
      s('rect', { class: 'edge-label-bg', x: lx - lw / 2, y: ly - 9, width: lw, height: 18, rx: 9 }),
      s('text', { class: 'edge-label', x: lx, y: ly + 4, 'text-anchor': 'middle' }, label));
  });

  const nodeGroups = columns.flat().map((node) => {
    const p = place.get(`${node.column}|${node.id}`);
    const g = s('g', {
      class: `node ${node.id.startsWith('type:') ? 'type' : 'service'}`,
      'data-node': node.id,
      'data-side': ['publisher', 'type', 'handler'][node.column],
      tabindex: 0,
      transform: `translate(${p.x},${p.y})`,
    },
    s('title', {}, describe(node.id, topology)),
    s('rect', { width: p.w, height: NODE_H, rx: node.column === 1 ? 6 : NODE_H / 2 }),
    s('text', { class: 'node-name', x: p.w / 2, y: 18, 'text-anchor': 'middle' }, clip(node.name, p.w - 16, CHAR)),
    s('text', { class: 'node-sub', x: p.w / 2, y: 33, 'text-anchor': 'middle' }, nodeSummary(node, edges)));
    const lit = () => {
      highlight(svg, node.id);
      onFocus?.(node.id);
    };
    const unlit = () => {
      highlight(svg, null);
      onFocus?.(null);
    };
    g.addEventListener('mouseenter', lit);
    g.addEventListener('focus', lit);
    g.addEventListener('mouseleave', unlit);
    g.addEventListener('blur', unlit);
    return g;
  });

  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.style.maxWidth = `${Math.max(width, 600)}px`;
  svg.replaceChildren(
    s('defs', {}, s('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse', markerUnits: 'userSpaceOnUse' },
      s('path', { class: 'arrowhead', d: 'M0,0 L10,5 L0,10 z' }))),
    ...headings,
    s('g', { class: 'edges' }, ...edgeGroups.filter(Boolean)),
    s('g', { class: 'nodes' }, ...nodeGroups),
  );
}

/**
 * Where each node goes: event types stacked in their order; each service as near as it can to
 * the middle of the types it is connected to, so its edges stay short, without overlapping.
 */
function positions(columns, edges, xs, widths) {
  const TOP = 28;
  const place = new Map();
  columns[1].forEach((node, i) => place.set(`1|${node.id}`, { x: xs[1], y: TOP + i * (NODE_H + GAP), w: widths[1] }));
  for (const c of [0, 2]) {
    const wanted = columns[c].map((node, i) => {
      const ys = edges
        .filter((e) => (c === 0 ? e.from : e.to) === node.id)
        .map((e) => place.get(`1|${c === 0 ? e.to : e.from}`)?.y)
        .filter(Number.isFinite);
      return { node, i, y: ys.length ? ys.reduce((a, b) => a + b, 0) / ys.length : Infinity };
    }).sort((p, q) => p.y - q.y || p.i - q.i);
    let next = TOP;
    for (const { node, y } of wanted) {
      const top = Math.max(next, Number.isFinite(y) ? y : next);
      place.set(`${c}|${node.id}`, { x: xs[c], y: top, w: widths[c] });
      next = top + NODE_H + GAP;
    }
  }
  return place;
}

/** A point along the edge's curve for its label, clear of the labels already placed. */
function labelSpot([x1, y1, x2, y2], width, kind, placed) {
  // Publishing edges fan out of a service, handling edges fan into one: label them at the
  // end where they are apart.
  const tries = kind === 'publishes' ? [0.7, 0.55, 0.82, 0.42, 0.3] : [0.3, 0.45, 0.18, 0.58, 0.7];
  let spot = null;
  for (const t of tries) {
    const ease = 3 * t * t - 2 * t * t * t; // the curve's y, its control points being level
    const x = x1 + (x2 - x1) * (3 * t * (1 - t) * (1 - t) * 0.5 + 3 * t * t * (1 - t) * 0.5 + t * t * t);
    const y = y1 + (y2 - y1) * ease;
    spot ??= [x, y];
    if (!placed.some((p) => Math.abs(p.x - x) < (p.w + width) / 2 + 2 && Math.abs(p.y - y) < 20)) {
      spot = [x, y];
      break;
    }
  }
  placed.push({ x: spot[0], y: spot[1], w: width });
  return spot;
}

function edgeTitle(edge) {
  const from = edge.from.replace(/^(service|type):/, '');
  const to = edge.to.replace(/^(service|type):/, '');
  if (edge.kind === 'publishes') return `${from} publishes ${to}: ${rate(edge.perSecond)}, ${number(edge.total)} in the last minute`;
  return `${to} (group ${edge.group}) handles ${from}: ${rate(edge.perSecond)}, ${number(edge.total)} in the last minute`
    + failures([edge]);
}

function update(svg, topology, columns, edges) {
  const byKey = new Map([...svg.querySelectorAll('g.edge')].map((g) => [edgeKey(g.dataset), g]));
  for (const edge of edges) {
    const g = byKey.get(edgeKey(edge));
    if (!g) continue;
    const lit = g.classList.contains('lit');
    g.setAttribute('class', edgeClass(edge));
    g.classList.toggle('lit', lit);
    g.querySelector('title').textContent = edgeTitle(edge);
    g.querySelector('.edge-line').setAttribute('stroke-width', strokeWidth(edge));
    const label = edgeLabel(edge);
    const text = g.querySelector('.edge-label');
    text.textContent = label;
    const bg = g.querySelector('.edge-label-bg');
    const lw = label.length * 6.6 + 10;
    bg.setAttribute('x', Number(text.getAttribute('x')) - lw / 2);
    bg.setAttribute('width', lw);
  }
  const nodes = svg.querySelectorAll('g.node');
  columns.flat().forEach((node, i) => {
    nodes[i]?.querySelector('.node-sub').replaceChildren(nodeSummary(node, edges));
    nodes[i]?.querySelector('title').replaceChildren(describe(node.id, topology));
  });
}

const edgeKey = ({ from, to, group }) => `${from}|${to}|${group ?? ''}`;

/** Lights the edges touching nodeId and dims the rest; null clears. */
function highlight(svg, nodeId) {
  svg.classList.toggle('focused', Boolean(nodeId));
  for (const g of svg.querySelectorAll('g.edge')) {
    g.classList.toggle('lit', nodeId !== null && (g.dataset.from === nodeId || g.dataset.to === nodeId));
  }
}
