// Flow trace: every event sharing one correlation id, as a causal tree, a timeline and the
// flow's dead letters.
import { api, enc } from './api.js';
import { h, clock, dateTime, offset, duration, shortId, pretty, plural, showError, clearError } from './ui.js';

export function mount({ el, param, signal, ready }) {
  const input = h('input', { id: 'flow-id', type: 'search', placeholder: 'correlation id', value: param, autocomplete: 'off', spellcheck: 'false', required: true });
  const go = h('button', { id: 'flow-go', type: 'submit' }, 'Trace');
  const body = h('div', { class: 'flow-body' });

  const form = h('form', { class: 'toolbar', role: 'search' },
    h('label', { class: 'filter wide', for: 'flow-id' }, h('span', {}, 'Correlation id'), input), go);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const id = input.value.trim();
    if (!id) return;
    const hash = `#/flows/${enc(id)}`;
    if (location.hash === hash) load(id);
    else location.hash = hash;
  });

  el.append(
    h('header', { class: 'view-head' },
      h('h1', {}, 'Flow trace'),
      h('p', { class: 'lead' }, 'One business flow end to end: every event sharing a correlation id, what caused it, and how each handler fared.')),
    form,
    body,
  );

  async function load(id) {
    body.replaceChildren(h('p', { class: 'muted' }, `Loading flow ${id}…`));
    try {
      const flow = await api(`admin/flows/${enc(id)}`, { signal });
      clearError('flows');
      drawFlow(body, flow, () => load(id));
    } catch (error) {
      if (signal.aborted) return;
      showError('flows', error);
      body.replaceChildren(h('p', { class: 'empty' },
        error.status === 404 ? `The gateway knows no event of flow “${id}”.` : 'The flow could not be loaded.'));
    }
    ready();
  }

  if (param) {
    load(param);
  } else {
    body.append(h('p', { class: 'empty' },
      'Enter a correlation id above, pick one of the latest flows below, or open an event in ',
      h('a', { href: '#/events' }, 'Live events'), ' and choose “Trace this flow”.'));
    recentFlows(body, signal).finally(ready);
    input.focus();
  }
}

// The newest flows the gateway holds, so that a first look needs no id to copy.
async function recentFlows(body, signal) {
  try {
    const events = await api('admin/events?limit=1000', { signal });
    clearError('flows');
    const flows = new Map();
    for (const event of events) {
      const id = event.correlationid;
      if (!id) continue;
      const flow = flows.get(id) ?? { id, first: event, count: 0, last: event.time };
      flow.count += 1;
      flow.last = event.time;
      flows.set(id, flow);
    }
    const newest = [...flows.values()].reverse().slice(0, 15);
    if (!newest.length) {
      body.append(h('p', { class: 'muted' }, 'No flow yet: events with a correlation id show up here.'));
      return;
    }
    body.append(h('section', { class: 'card' },
      h('h2', {}, 'Latest flows'),
      h('ul', { id: 'recent-flows', class: 'recent-flows' }, ...newest.map((flow) =>
        h('li', {},
          h('a', { href: `#/flows/${enc(flow.id)}` }, h('span', { class: 'strong' }, flow.first.type)),
          h('span', { class: 'muted' }, ` from ${flow.first.source} · ${plural(flow.count, 'event')} · last at ${clock(flow.last)} · `),
          h('span', { class: 'mono small muted' }, flow.id))))));
  } catch (error) {
    if (!signal.aborted) showError('flows', error);
  }
}

function drawFlow(body, flow, reload) {
  const start = flowStart(flow);
  const end = flowEnd(flow, start);
  const dead = flow.deadLetters ?? [];
  const refresh = h('button', { id: 'flow-refresh', type: 'button', class: 'ghost small' }, 'Refresh');
  refresh.addEventListener('click', reload);

  body.replaceChildren(
    h('div', { class: 'summary' },
      h('span', { class: 'mono strong' }, flow.correlationId),
      h('span', {}, plural(flow.events ?? 0, 'event')),
      h('span', {}, `${plural(flow.services?.length ?? 0, 'service')}${flow.services?.length ? `: ${flow.services.join(', ')}` : ''}`),
      Number.isFinite(start) ? h('span', {}, `started ${dateTime(new Date(start).toISOString())}, lasted ${duration(end - start)}`) : null,
      dead.length ? h('span', { class: 'badge dead-lettered' }, plural(dead.length, 'dead letter')) : null,
      refresh),
    h('div', { class: 'flow-grid' },
      h('section', { class: 'card' },
        h('h2', {}, 'Causal tree'),
        h('p', { class: 'muted small' }, 'Each event under the event that caused it, with its handlers’ outcomes.'),
        h('ul', { id: 'flow-tree', class: 'tree' }, ...(flow.roots ?? []).map((node) => treeNode(node, start)))),
      h('section', { class: 'card' },
        h('h2', {}, 'Timeline'),
        h('p', { class: 'muted small' }, 'Everything that happened, in order; bars show how long handling took.'),
        h('ol', { id: 'flow-timeline', class: 'timeline' }, ...(flow.timeline ?? []).map((entry) => timelineEntry(entry, start, end))))),
    h('section', { class: 'card' },
      h('h2', {}, 'Dead letters of this flow'),
      h('div', { id: 'flow-dead-letters' }, deadLetterTable(dead))),
  );
}

function time(iso) {
  const t = Date.parse(iso);
  return Number.isFinite(t) ? t : NaN;
}

function flowStart(flow) {
  const times = [...(flow.timeline ?? []).map((e) => time(e.at)), ...allEvents(flow.roots ?? []).map((e) => time(e.time))];
  const known = times.filter(Number.isFinite);
  return known.length ? Math.min(...known) : NaN;
}

function flowEnd(flow, start) {
  const known = (flow.timeline ?? []).map((e) => time(e.at)).filter(Number.isFinite);
  return known.length ? Math.max(...known) : start;
}

function allEvents(nodes) {
  return nodes.flatMap((node) => [node.event, ...allEvents(node.children ?? [])]);
}

function treeNode(node, start) {
  const event = node.event ?? {};
  const children = node.children ?? [];
  return h('li', { class: 'flow-node', 'data-event-id': event.id },
    h('div', { class: 'node-line' },
      h('span', { class: 'offset mono' }, offset(time(event.time) - start)),
      h('span', { class: 'strong' }, event.type),
      h('span', { class: 'muted' }, `from ${event.source ?? '?'}`),
      event.heraldtopic ? h('span', { class: 'muted small' }, `on ${event.heraldtopic}`) : null,
      h('span', { class: 'muted small mono', title: event.id }, shortId(event.id))),
    h('div', { class: 'outcomes' },
      ...(node.outcomes ?? []).map(outcomeBadge),
      ...pendingHandlers(node).map(pendingBadge),
      node.outcomes?.length || node.handlers?.length ? null : h('span', { class: 'muted small' }, 'no service handles this type')),
    h('details', { class: 'event-json' }, h('summary', {}, 'Event'), h('pre', { class: 'code' }, pretty(event))),
    children.length ? h('ul', {}, ...children.map((child) => treeNode(child, start))) : null);
}

function outcomeBadge(o) {
  let text = `${o.service} · ${o.outcome}`;
  if (o.outcome === 'handled' && Number.isFinite(o.tookMs)) text += ` · ${formatMs(o.tookMs)}`;
  if (o.outcome === 'retrying') text += ` (attempt ${o.attempt})${o.error ? `: ${o.error}` : ''}`;
  if (o.outcome === 'dead-lettered') text += `${o.reason ? `: ${o.reason}` : ''}`;
  const title = [`group ${o.group}`, `handler ${o.handler}`, `attempt ${o.attempt}`, clock(o.at), o.error, o.reason]
    .filter(Boolean).join(' · ');
  return h('span', { class: `outcome badge ${o.outcome}`, 'data-outcome': o.outcome, 'data-service': o.service, title }, text);
}

// Handlers of the event's type that have reported no outcome for it yet (reports come every second).
function pendingHandlers(node) {
  const reported = new Set((node.outcomes ?? []).map((o) => `${o.service}\u0000${o.group}`));
  return (node.handlers ?? []).filter((handler) => !reported.has(`${handler.service}\u0000${handler.group}`));
}

function pendingBadge(handler) {
  return h('span', { class: 'outcome badge pending', 'data-outcome': 'pending', 'data-service': handler.service,
    title: `group ${handler.group} handles this type and has reported no outcome for this event yet` },
  `${handler.service} · pending`);
}

function formatMs(ms) {
  return ms < 10 ? `${ms.toFixed(1)} ms` : duration(ms);
}

function timelineEntry(entry, start, end) {
  const at = time(entry.at);
  const span = Math.max(end - start, 1);
  const took = Number(entry.tookMs) || 0;
  const endPct = Number.isFinite(at) ? ((at - start) / span) * 100 : 0;
  const startPct = Math.max(0, ((at - took - start) / span) * 100);
  const what = entry.kind === 'published'
    ? [h('span', { class: 'strong' }, entry.type), h('span', { class: 'muted' }, ` by ${entry.service}${entry.topic ? ` on ${entry.topic}` : ''}`)]
    : [h('span', {}, `${entry.service} `), h('span', { class: 'strong' }, entry.type),
      h('span', { class: 'muted' }, `${entry.attempt > 1 ? ` · attempt ${entry.attempt}` : ''}${took ? ` · ${formatMs(took)}` : ''}`),
      entry.error ? h('span', { class: 'error-text small', title: entry.error }, ` · ${entry.error}`) : null];
  return h('li', { class: 'timeline-entry', 'data-kind': entry.kind, 'data-event-id': entry.eventId },
    h('span', { class: 'offset mono' }, offset(at - start)),
    h('span', { class: 'track', 'aria-hidden': 'true' },
      h('span', { class: 'span', style: { left: `${startPct.toFixed(2)}%`, width: `${Math.max(endPct - startPct, 0).toFixed(2)}%` } }),
      h('span', { class: 'mark', style: { left: `${endPct.toFixed(2)}%` } })),
    h('span', { class: 'what' }, h('span', { class: `badge ${entry.kind}` }, entry.kind), ' ', ...what));
}

function deadLetterTable(letters) {
  if (!letters.length) return h('p', { class: 'muted' }, 'None: no event of this flow was dead-lettered.');
  return h('div', { class: 'table-wrap' },
    h('table', { class: 'data' },
      h('thead', {}, h('tr', {}, ...['Group', 'Type', 'Reason', 'Error', 'Attempts', 'Time'].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, ...letters.map((d) => h('tr', { 'data-dlq-id': d.dlqid, 'data-group': d.dlqgroup },
        h('td', {}, h('a', { href: '#/dead-letters' }, d.dlqgroup)),
        h('td', { class: 'strong' }, d.type),
        h('td', {}, h('span', { class: 'badge dead-lettered' }, d.dlqreason)),
        h('td', { class: 'truncate', title: d.dlqerror ?? '' }, d.dlqerror ?? ''),
        h('td', { class: 'num' }, d.dlqattempts),
        h('td', { class: 'mono nowrap' }, clock(d.dlqtime)))))));
}
