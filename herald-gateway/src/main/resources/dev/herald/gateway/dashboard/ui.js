// Small shared helpers: building DOM, formatting, the error banner, polling and the confirm dialog.

const SVG_NS = 'http://www.w3.org/2000/svg';

function build(node, attrs, children) {
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    // Through the CSSOM: the gateway's Content-Security-Policy refuses style attributes.
    else if (name === 'style') Object.assign(node.style, value);
    else if (name === 'text') node.textContent = value;
    else node.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

/** h('tr', {class: 'x', onclick: f}, child, 'text', ...) */
export function h(tag, attrs, ...children) {
  return build(document.createElement(tag), attrs, children);
}

export function s(tag, attrs, ...children) {
  return build(document.createElementNS(SVG_NS, tag), attrs, children);
}

// ---- formatting ----

export function clock(iso) {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const time = date.toLocaleTimeString([], { hour12: false });
  return `${time}.${String(date.getMilliseconds()).padStart(3, '0')}`;
}

export function dateTime(iso) {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toLocaleDateString()} ${clock(iso)}`;
}

export function shortId(id) {
  const text = String(id ?? '');
  return text.length > 8 ? text.slice(0, 8) : text;
}

/** "+12 ms", "+1.25 s", "+2 min 5 s" */
export function offset(ms) {
  if (!Number.isFinite(ms)) return '';
  if (ms < 1000) return `+${Math.round(ms)} ms`;
  if (ms < 60_000) return `+${(ms / 1000).toFixed(2)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `+${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
}

export function duration(ms) {
  return offset(ms).slice(1);
}

export function rate(perSecond) {
  if (!Number.isFinite(perSecond)) return '–';
  if (perSecond === 0) return '0/s';
  if (perSecond < 1) return `${Number(perSecond.toFixed(2))}/s`;
  return `${perSecond < 10 ? perSecond.toFixed(1) : Math.round(perSecond)}/s`;
}

export function number(value) {
  return Number.isFinite(value) ? value.toLocaleString() : '–';
}

export function pretty(value) {
  return JSON.stringify(value, null, 2);
}

// ---- the #error banner ----
// Each source (a view's poll, an action) owns its message, so one recovering does not hide
// another's failure.

const errors = new Map();

export function showError(source, error) {
  errors.set(source, error?.message || String(error));
  drawErrors();
}

export function clearError(source) {
  if (errors.delete(source)) drawErrors();
}

export function clearAllErrors() {
  errors.clear();
  drawErrors();
}

function drawErrors() {
  const banner = document.getElementById('error');
  const text = banner.querySelector('.error-text');
  text.textContent = [...new Set(errors.values())].join(' · ');
  banner.hidden = errors.size === 0;
}

// ---- timers tied to a view's lifetime ----

export function sleep(ms, signal) {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => { clearTimeout(timer); resolve(); }, { once: true });
  });
}

/**
 * Runs load() now and then every ms after the previous run finished, until the signal aborts.
 * A failure shows in the banner and the next run retries; a success clears it.
 */
export function poll(source, ms, signal, load) {
  let timer;
  const run = async () => {
    try {
      await load();
      clearError(source);
    } catch (error) {
      if (signal.aborted || error.name === 'AbortError') return;
      showError(source, error);
    }
    if (!signal.aborted) timer = setTimeout(run, ms);
  };
  signal.addEventListener('abort', () => clearTimeout(timer), { once: true });
  run();
}

// ---- the confirm dialog ----

/** Asks in <dialog id="confirm">; answers true when the user confirms, false on Cancel or Esc. */
export function confirmAction(message, okLabel = 'OK', danger = false) {
  const dialog = document.getElementById('confirm');
  document.getElementById('confirm-message').textContent = message;
  const ok = document.getElementById('confirm-ok');
  ok.textContent = okLabel;
  ok.classList.toggle('danger', danger);
  dialog.returnValue = '';
  dialog.showModal();
  document.getElementById('confirm-cancel').focus();
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true });
  });
}

export function plural(count, word, words = `${word}s`) {
  return `${count} ${count === 1 ? word : words}`;
}
