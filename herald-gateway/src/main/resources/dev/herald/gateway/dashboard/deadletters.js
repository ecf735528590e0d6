// Dead letters: the events handlers gave up on, across all groups; inspect, replay or purge them.
import { api, enc } from './api.js';
import { h, clock, dateTime, shortId, plural, poll, showError, clearError, confirmAction } from './ui.js';
import { showDetail, fields } from './events.js';

const DLQ_FIELDS = ['dlqgroup', 'dlqreason', 'dlqattempts', 'dlqhandler', 'dlqtime', 'dlqstatus', 'dlqid', 'dlqposition', 'dlqhead'];
const keyOf = (group, id) => `${group}\u0000${id}`;

export function mount({ el, signal, ready }) {
  const state = { letters: [], groups: [], pending: 0, selected: new Set(), rows: new Map() };

  const count = h('span', { id: 'dlq-count' }, '0');
  const groupChips = h('span', { class: 'chips' });
  const status = h('p', { id: 'dlq-status', class: 'status', role: 'status' });
  const selectAll = h('input', { type: 'checkbox', class: 'select-all', 'aria-label': 'Select all dead letters' });
  const body = h('tbody');
  const more = h('p', { class: 'muted small' });
  const empty = h('p', { class: 'empty', hidden: true }, 'No pending dead letters. Every event was handled.');
  const detail = h('aside', { id: 'dlq-detail', class: 'detail', 'aria-label': 'Dead letter detail', hidden: true });
  const button = (id, text, danger) => h('button', { id, type: 'button', class: danger ? 'danger-outline' : '' }, text);
  const replaySelected = button('replay-selected', 'Replay selected');
  const purgeSelected = button('purge-selected', 'Purge selected', true);
  const replayAll = button('replay-all', 'Replay all');
  const purgeAll = button('purge-all', 'Purge all', true);

  el.append(
    h('header', { class: 'view-head' },
      h('h1', {}, 'Dead letters'),
      h('p', { class: 'lead' }, 'Events a handler gave up on. Inspect them; once the cause is fixed, replay them to their group, or purge them.')),
    h('div', { class: 'summary' },
      h('span', { class: 'big' }, count, ' pending'), groupChips),
    h('div', { class: 'toolbar' }, replaySelected, purgeSelected, h('span', { class: 'toolbar-end' }, replayAll, purgeAll)),
    status,
    h('div', { class: 'split' },
      h('div', { class: 'list-pane' },
        h('div', { class: 'table-wrap' },
          h('table', { id: 'dead-letters', class: 'data' },
            h('thead', {}, h('tr', {},
              h('th', { scope: 'col', class: 'check' }, selectAll),
              ...['Group', 'Type', 'Reason', 'Error', 'Attempts', 'Time', 'Actions'].map((c) => h('th', { scope: 'col' }, c)))),
            body)),
        empty, more),
      detail),
  );

  // ---- drawing ----

  function draw(data) {
    state.letters = data.deadLetters ?? [];
    state.groups = data.groups ?? [];
    state.pending = data.pending ?? state.letters.length;
    count.textContent = String(state.pending);
    groupChips.replaceChildren(...state.groups.filter((g) => g.pending > 0)
      .map((g) => h('span', { class: 'chip' }, `${g.group} `, h('strong', {}, String(g.pending)))));

    const present = new Set();
    state.letters.forEach((letter, i) => {
      const key = keyOf(letter.dlqgroup, letter.dlqid);
      present.add(key);
      let tr = state.rows.get(key);
      if (!tr) {
        tr = row(letter);
        state.rows.set(key, tr);
      }
      // Move only rows out of place: moving a focused row would lose its focus.
      if (body.children[i] !== tr) body.insertBefore(tr, body.children[i] ?? null);
    });
    for (const [key, tr] of state.rows) {
      if (!present.has(key)) {
        tr.remove();
        state.rows.delete(key);
      }
    }
    for (const key of state.selected) if (!present.has(key)) state.selected.delete(key);
    empty.hidden = state.letters.length > 0;
    more.textContent = state.pending > state.letters.length
      ? `Showing the oldest ${state.letters.length} of ${state.pending}.` : '';
    drawSelection();
  }

  function row(letter) {
    const key = keyOf(letter.dlqgroup, letter.dlqid);
    const label = `${letter.type} ${shortId(letter.dlqid)}`;
    const check = h('input', { type: 'checkbox', class: 'select', 'aria-label': `Select ${label}` });
    check.checked = state.selected.has(key);
    check.addEventListener('change', () => {
      if (check.checked) state.selected.add(key);
      else state.selected.delete(key);
      drawSelection();
    });
    const small = (cls, text) => h('button', { type: 'button', class: `${cls} small` }, text);
    const inspect = small('inspect ghost', 'Inspect');
    const replay = small('replay ghost', 'Replay');
    const purge = small('purge ghost danger-text', 'Purge');
    inspect.addEventListener('click', () => open(letter));
    replay.addEventListener('click', () => act('replay', [letter]));
    purge.addEventListener('click', () => act('purge', [letter]));
    const tr = h('tr', { 'data-dlq-id': letter.dlqid, 'data-group': letter.dlqgroup, tabindex: 0 },
      h('td', { class: 'check' }, check),
      h('td', {}, letter.dlqgroup),
      h('td', { class: 'strong' }, letter.type),
      h('td', {}, h('span', { class: 'badge dead-lettered' }, letter.dlqreason)),
      h('td', { class: 'truncate', title: letter.dlqerror ?? '' }, letter.dlqerror ?? ''),
      h('td', { class: 'num' }, letter.dlqattempts ?? ''),
      h('td', { class: 'mono nowrap', title: letter.dlqtime }, clock(letter.dlqtime)),
      h('td', { class: 'actions nowrap' }, inspect, replay, purge));
    tr.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && e.target === tr) open(letter);
    });
    return tr;
  }

  function drawSelection() {
    for (const [key, tr] of state.rows) {
      const selected = state.selected.has(key);
      tr.querySelector('input.select').checked = selected;
      tr.classList.toggle('selected', selected);
    }
    const n = state.selected.size;
    replaySelected.textContent = n ? `Replay ${n} selected` : 'Replay selected';
    purgeSelected.textContent = n ? `Purge ${n} selected` : 'Purge selected';
    replaySelected.disabled = purgeSelected.disabled = n === 0;
    replayAll.disabled = purgeAll.disabled = state.pending === 0;
    selectAll.checked = n > 0 && n === state.rows.size;
    selectAll.indeterminate = n > 0 && n < state.rows.size;
  }

  selectAll.addEventListener('change', () => {
    state.selected = selectAll.checked ? new Set(state.rows.keys()) : new Set();
    drawSelection();
  });

  // ---- inspecting ----

  async function open(letter) {
    let full = letter;
    try {
      full = await api(`admin/groups/${enc(letter.dlqgroup)}/dead-letters/${enc(letter.dlqid)}`, { signal });
    } catch (error) {
      if (signal.aborted) return;
      // The listing's copy is complete enough to show; say why it may be stale.
      showError('dlq-inspect', error);
    }
    const replay = h('button', { type: 'button', class: 'small' }, 'Replay');
    const purge = h('button', { type: 'button', class: 'small danger-outline' }, 'Purge');
    replay.addEventListener('click', () => act('replay', [full]));
    purge.addEventListener('click', () => act('purge', [full]));
    const tr = state.rows.get(keyOf(letter.dlqgroup, letter.dlqid));
    showDetail(detail, full, () => tr?.focus(), [
      h('div', { class: 'detail-actions' }, replay, purge),
      fields('Dead letter', full, DLQ_FIELDS, { dlqtime: dateTime }),
      full.dlqerror ? h('pre', { class: 'code error-block' }, full.dlqerror) : null,
    ]);
    if (matchMedia('(max-width: 900px)').matches) detail.scrollIntoView({ block: 'nearest' });
  }

  // ---- replay and purge ----

  replaySelected.addEventListener('click', () => act('replay', selectedLetters()));
  purgeSelected.addEventListener('click', () => act('purge', selectedLetters()));
  replayAll.addEventListener('click', () => act('replay', 'all'));
  purgeAll.addEventListener('click', () => act('purge', 'all'));

  function selectedLetters() {
    return state.letters.filter((l) => state.selected.has(keyOf(l.dlqgroup, l.dlqid)));
  }

  async function act(action, which) {
    const byGroup = which === 'all'
      ? new Map(state.groups.filter((g) => g.pending > 0).map((g) => [g.group, g.pending]))
      : groupIds(which);
    if (!byGroup.size) return;
    const ok = await confirmAction(question(action, which, byGroup), action === 'replay' ? 'Replay' : 'Purge', action === 'purge');
    if (!ok) return;
    status.textContent = `${action === 'replay' ? 'Replaying' : 'Purging'}…`;
    const messages = [];
    try {
      for (const [group, ids] of byGroup) {
        const path = `admin/groups/${enc(group)}/dead-letters/${action}`;
        if (which === 'all') {
          messages.push((await api(path, { method: 'POST', body: { all: true }, signal })).message);
        } else {
          for (let i = 0; i < ids.length; i += 100) {
            const chunk = ids.slice(i, i + 100);
            messages.push((await api(path, { method: 'POST', body: { ids: chunk }, signal })).message);
            chunk.forEach((id) => state.selected.delete(keyOf(group, id)));
          }
        }
      }
      clearError('dlq-action');
    } catch (error) {
      if (signal.aborted) return;
      messages.push(`Failed: ${error.message}`);
      showError('dlq-action', error);
    }
    status.textContent = messages.filter(Boolean).join(' ');
    if (which === 'all') state.selected.clear();
    load().catch((error) => signal.aborted || showError('dead-letters', error));
  }

  async function load() {
    draw(await api('admin/dead-letters', { signal }));
  }

  drawSelection();
  poll('dead-letters', 2000, signal, async () => {
    await load();
    ready();
  });
}

function groupIds(letters) {
  const byGroup = new Map();
  for (const l of letters) {
    if (!byGroup.has(l.dlqgroup)) byGroup.set(l.dlqgroup, []);
    byGroup.get(l.dlqgroup).push(l.dlqid);
  }
  return byGroup;
}

/** "Replay 3 dead letters of group payments?" and its variants. */
function question(action, which, byGroup) {
  const verb = action === 'replay' ? 'Replay' : 'Purge';
  const consequence = action === 'replay'
    ? ' Their group’s handlers will receive them again.'
    : ' They leave the pending list for good.';
  if (which !== 'all' && which.length === 1) {
    const l = which[0];
    return `${verb} the dead letter ${l.type} (${shortId(l.dlqid)}) of group ${l.dlqgroup}?${consequence}`;
  }
  const sizes = [...byGroup].map(([group, v]) => [group, Array.isArray(v) ? v.length : v]);
  const total = sizes.reduce((sum, [, n]) => sum + n, 0);
  const all = which === 'all' ? 'all ' : '';
  const groups = sizes.length === 1
    ? `group ${sizes[0][0]}`
    : `groups ${sizes.map(([g, n]) => `${g} (${n})`).join(', ').replace(/, ([^,]*)$/, ' and $1')}`;
  return `${verb} ${all}${plural(total, 'dead letter')} of ${groups}?${consequence}`;
}
