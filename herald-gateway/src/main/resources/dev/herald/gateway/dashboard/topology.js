// Topology: which service publishes which event type and who handles it, with last-minute rates.
import { api } from './api.js';
import { h, s, poll } from './ui.js';
import { drawTopology, describe } from './graph.js';

const HINT = 'Hover or focus a box to see its totals.';

export function mount({ el, signal, ready }) {
  const svg = s('svg', { id: 'topology', role: 'group', 'aria-label': 'Services and the event types they publish and handle' });
  const info = h('p', { id: 'topology-info', class: 'info', 'aria-live': 'polite' }, HINT);
  const empty = h('p', { class: 'empty', hidden: true }, 'No services seen yet. Once events flow, the graph draws itself.');
  let latest = null;

  el.append(
    h('header', { class: 'view-head' },
      h('h1', {}, 'Topology'),
      h('p', { class: 'lead' }, 'Who publishes which event type, and who handles it. Rates are over the last minute; refreshed every 5 s.')),
    info,
    h('div', { class: 'graph-wrap card' }, svg),
    empty,
    h('p', { class: 'legend muted small' },
      h('span', { class: 'key ok' }), 'handled ',
      h('span', { class: 'key failing' }), 'some failed ',
      h('span', { class: 'key dead' }), 'some dead-lettered ',
      h('span', { class: 'key idle' }), 'nothing in the last minute'),
  );

  const onFocus = (nodeId) => {
    info.textContent = nodeId && latest ? describe(nodeId, latest) : HINT;
  };

  poll('topology', 5000, signal, async () => {
    latest = await api('admin/topology', { signal });
    const nothing = !(latest.services?.length || latest.edges?.length || latest.eventTypes?.length);
    empty.hidden = !nothing;
    svg.parentElement.hidden = nothing;
    drawTopology(svg, latest, { onFocus });
    const focused = svg.querySelector('g.node:focus');
    if (focused) onFocus(focused.dataset.node);
    ready();
  });
}
