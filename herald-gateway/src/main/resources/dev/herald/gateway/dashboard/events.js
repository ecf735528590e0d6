// Live events: every event on every topic, newest first, with filters, pause and a detail pane.
import { api, stream, enc } from './api.js';
import { h, clock, shortId, pretty, showError, clearError, sleep } from './ui.js';

const MAX_ROWS = 500;
const ATTRIBUTES = ['id', 'source', 'type', 'time', 'subject', 'datacontenttype', 'specversion'];
const LOCATION = ['heraldtopic', 'heraldpartition', 'heraldoffset'];
const NOT_EXTENSIONS = new Set([...ATTRIBUTES, ...LOCATION, 'data', 'data_base64']);

export function mount({ el, signal, ready }) {
  const state = {
    events: [], // newest first, at most MAX_ROWS
    byId: new Map(),
    queue: [], // arrived, not drawn yet (oldest first)
    pending: [], // arrived while paused
    pendingIds: new Set(),
    paused: false,
    selected: null,
    flushTimer: 0,
  };

  const filters = {
    topic: filterInput('filter-topic', 'Topic', 'orders'),
    type: filterInput('filter-type', 'Type', 'shop.OrderPlaced'),
    key: filterInput('filter-key', 'Key', 'partition key'),
    correlation: filterInput('filter-correlation', 'Correlation id', 'correlation id'),
  };
  const pause = h('button', { id: 'pause', type: 'button', 'aria-pressed': 'false' }, 'Pause');
  const newCount = h('span', { class: 'new-count', 'aria-live': 'polite' });
  const shown = h('span', { class: 'muted count' });
  const list = h('tbody', { id: 'events-list' });
  const empty = h('p', { class: 'empty' }, 'Waiting for events… they appear here as soon as any service publishes one.');
  const detail = h('aside', { id: 'event-detail', class: 'detail', 'aria-label': 'Event detail', hidden: true });

  el.append(
    h('header', { class: 'view-head' },
      h('h1', {}, 'Live events'),
      h('p', { class: 'lead' }, 'Every event published on any topic, newest first. Select one to see it in full.')),
    h('div', { class: 'toolbar' },
      ...Object.values(filters).map((f) => f.label),
      h('div', { class: 'toolbar-end' }, newCount, pause)),
    h('div', { class: 'split' },
      h('div', { class: 'list-pane' },
        h('div', { class: 'table-wrap' },
          h('table', { class: 'data events' },
            h('thead', {}, h('tr', {},
              ...['Time', 'Topic', 'Type', 'Source', 'Key', 'Id'].map((c) => h('th', { scope: 'col' }, c)))),
            list)),
        empty,
        shown),
      detail),
  );

  // ---- filtering ----

  const needle = () => Object.fromEntries(
    Object.entries(filters).map(([name, f]) => [name, f.input.value.trim().toLowerCase()]));

  const has = (value, part) => !part || String(value ?? '').toLowerCase().includes(part);

  const matches = (event, n) => has(event.heraldtopic, n.topic) && has(event.type, n.type)
    && has(event.partitionkey, n.key) && has(event.correlationid, n.correlation);

  function redraw() {
    const n = needle();
    list.replaceChildren(...state.events.filter((e) => matches(e, n)).map(row));
    markSelected();
    drawCounts();
  }

  function drawCounts() {
    const rows = list.childElementCount;
    const filtered = Object.values(needle()).some(Boolean);
    empty.hidden = rows > 0;
    empty.textContent = filtered
      ? 'No event matches the filters.'
      : 'Waiting for events… they appear here as soon as any service publishes one.';
    if (!state.events.length) shown.textContent = '';
    else if (filtered) shown.textContent = `${rows} of the last ${state.events.length} events match`;
    else shown.textContent = `The last ${rows} events; at most ${MAX_ROWS} are kept.`;
  }

  for (const f of Object.values(filters)) f.input.addEventListener('input', redraw);

  // ---- arriving events ----

  function arrive(event) {
    if (!event?.id || state.byId.has(event.id) || state.pendingIds.has(event.id)) return;
    if (state.paused) {
      state.pending.push(event);
      state.pendingIds.add(event.id);
      if (state.pending.length > MAX_ROWS) state.pendingIds.delete(state.pending.shift().id);
      drawPause();
      return;
    }
    state.queue.push(event);
    if (state.queue.length > MAX_ROWS) state.queue.shift();
    // Draw in batches: a backlog arrives as hundreds of frames at once.
    if (!state.flushTimer) state.flushTimer = setTimeout(flush, 60);
  }

  function flush() {
    state.flushTimer = 0;
    const arrived = state.queue.splice(0).filter((e) => !state.byId.has(e.id));
    if (!arrived.length) return;
    const n = needle();
    const fragment = document.createDocumentFragment();
    for (let i = arrived.length - 1; i >= 0; i--) {
      const event = arrived[i];
      state.byId.set(event.id, event);
      if (matches(event, n)) fragment.append(row(event));
    }
    state.events.unshift(...arrived.reverse());
    for (const gone of state.events.splice(MAX_ROWS)) state.byId.delete(gone.id);
    list.prepend(fragment);
    while (list.childElementCount > MAX_ROWS) list.lastElementChild.remove();
    drawCounts();
  }

  signal.addEventListener('abort', () => clearTimeout(state.flushTimer), { once: true });

  // ---- pause ----

  function drawPause() {
    pause.textContent = state.paused ? 'Resume' : 'Pause';
    pause.setAttribute('aria-pressed', String(state.paused));
    newCount.textContent = state.paused && state.pending.length ? `${state.pending.length} new` : '';
  }

  pause.addEventListener('click', () => {
    state.paused = !state.paused;
    if (!state.paused) {
      const waiting = state.pending.splice(0);
      state.pendingIds.clear();
      waiting.forEach(arrive);
    }
    drawPause();
  });

  // ---- selection and detail ----

  function open(target) {
    const tr = target.closest('.event-row');
    const event = tr && state.byId.get(tr.dataset.eventId);
    if (!event) return;
    state.selected = event.id;
    markSelected();
    showDetail(detail, event, () => {
      state.selected = null;
      markSelected();
      tr.focus();
    });
    if (matchMedia('(max-width: 900px)').matches) detail.scrollIntoView({ block: 'nearest' });
  }

  function markSelected() {
    for (const tr of list.querySelectorAll('.event-row.selected')) {
      tr.classList.remove('selected');
      tr.removeAttribute('aria-selected');
    }
    if (!state.selected) return;
    const tr = list.querySelector(`.event-row[data-event-id="${CSS.escape(state.selected)}"]`);
    tr?.classList.add('selected');
    tr?.setAttribute('aria-selected', 'true');
  }

  list.addEventListener('click', (e) => open(e.target));
  list.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      open(e.target);
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      const next = e.key === 'ArrowDown' ? e.target.nextElementSibling : e.target.previousElementSibling;
      if (next) {
        e.preventDefault();
        next.focus();
      }
    }
  });

  drawCounts();
  start(arrive, signal, ready);
}

async function start(arrive, signal, ready) {
  try {
    const recent = await api('admin/events?limit=200', { signal });
    recent.forEach(arrive);
    clearError('events');
  } catch (error) {
    if (signal.aborted) return;
    showError('events', error);
  }
  setTimeout(ready, 80); // after the first batch is drawn
  // The stream's backlog covers events published between the list and the stream opening;
  // duplicates are dropped by id.
  while (!signal.aborted) {
    try {
      await stream('admin/events/stream?backlog=100', {
        signal,
        onOpen: () => {
          clearError('events');
          ready();
        },
        onEvent: (name, data) => {
          if (name === 'message') arrive(JSON.parse(data));
        },
      });
      if (!signal.aborted) showError('events', new Error('The live event stream ended; reconnecting…'));
    } catch (error) {
      if (signal.aborted) return;
      showError('events', error);
    }
    await sleep(3000, signal);
  }
}

function filterInput(id, label, placeholder) {
  const input = h('input', { id, type: 'search', placeholder, autocomplete: 'off', spellcheck: 'false' });
  return { input, label: h('label', { class: 'filter', for: id }, h('span', {}, label), input) };
}

function row(event) {
  return h('tr', {
    class: 'event-row',
    tabindex: 0,
    'data-event-id': event.id,
    'data-topic': event.heraldtopic ?? '',
    'data-type': event.type ?? '',
  },
  h('td', { class: 'mono nowrap' }, clock(event.time)),
  h('td', {}, event.heraldtopic ?? ''),
  h('td', { class: 'strong' }, event.type ?? ''),
  h('td', {}, event.source ?? ''),
  h('td', { class: 'mono' }, event.partitionkey ?? ''),
  h('td', { class: 'mono muted', title: event.id }, shortId(event.id)));
}

/** Fills a detail pane with one event in full; shared with the dead letters view. */
export function showDetail(pane, event, onClose, extra = []) {
  const extensions = Object.keys(event).filter((k) => !NOT_EXTENSIONS.has(k) && !k.startsWith('dlq')).sort();
  const close = h('button', { type: 'button', class: 'ghost small close', 'aria-label': 'Close the detail' }, 'Close');
  close.addEventListener('click', () => {
    pane.hidden = true;
    pane.replaceChildren();
    onClose?.();
  });
  pane.replaceChildren(
    h('div', { class: 'detail-head' }, h('h2', {}, event.type ?? 'Event'), close),
    event.correlationid
      ? h('a', { class: 'trace-link', href: `#/flows/${enc(event.correlationid)}` }, 'Trace this flow →')
      : h('p', { class: 'muted small' }, 'No correlation id: this event is not part of a traced flow.'),
    ...extra,
    fields('Attributes', event, ATTRIBUTES),
    fields('Where it was read', event, LOCATION),
    extensions.length ? fields('Extensions', event, extensions) : null,
    h('h3', {}, 'Data'),
    h('pre', { class: 'code' }, 'data' in event ? pretty(event.data) : (event.data_base64 ?? '(none)')),
  );
  pane.hidden = false;
}

export function fields(title, object, names, formats = {}) {
  const present = names.filter((n) => object[n] !== undefined && object[n] !== null && object[n] !== '');
  if (!present.length) return null;
  return h('section', {},
    h('h3', {}, title),
    h('dl', { class: 'fields' }, ...present.flatMap((n) => [
      h('dt', {}, n),
      h('dd', { class: 'mono' }, formats[n] ? formats[n](object[n]) : String(object[n])),
    ])));
}
