// The dashboard's shell: hash routing between views, the nav, the theme and the token form.
import { api, setToken, token } from './api.js';
import { h, clearAllErrors, clearError, showError } from './ui.js';
import * as events from './events.js';
import * as topology from './topology.js';
import * as flows from './flows.js';
import * as consumers from './consumers.js';
import * as deadLetters from './deadletters.js';
import * as panel from './panel.js';

const views = { events, topology, flows, consumers, 'dead-letters': deadLetters, panel };

const main = document.getElementById('view');
let current = null; // { key, controller }

function parseRoute() {
  const [name, ...rest] = location.hash.replace(/^#\/?/, '').split('/');
  const view = views[name] ? name : 'events';
  let param = '';
  try {
    param = decodeURIComponent(rest.join('/'));
  } catch {
    param = rest.join('/');
  }
  return { view, param };
}

function route({ force = false } = {}) {
  const { view, param } = parseRoute();
  const key = `${view}/${param}`;
  if (!force && current?.key === key) return;
  current?.controller.abort();
  clearAllErrors();
  const controller = new AbortController();
  current = { key, controller };

  main.replaceChildren();
  main.dataset.view = view;
  delete main.dataset.ready;
  markNav(view, param);
  const ready = () => {
    if (!controller.signal.aborted) main.dataset.ready = 'true';
  };
  views[view].mount({ el: main, param, signal: controller.signal, ready });
}

function markNav(view, param) {
  const here = view === 'panel' ? `#/panel/${encodeURIComponent(param)}` : `#/${view}`;
  for (const link of document.querySelectorAll('#nav a')) {
    if (link.getAttribute('href') === here) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

async function loadPanels() {
  try {
    const panels = await api('admin/panels');
    document.querySelectorAll('#nav a.panel-link').forEach((link) => link.remove());
    const nav = document.getElementById('nav');
    for (const { id, title } of panels) {
      nav.append(h('a', { href: `#/panel/${encodeURIComponent(id)}`, class: 'panel-link' }, title || id));
    }
    clearError('panels');
    if (current) markNav(...Object.values(parseRoute()));
  } catch (error) {
    showError('panels', error);
  }
}

// ---- theme: prefers-color-scheme by default, the user's choice once made ----

function effectiveTheme() {
  return document.documentElement.dataset.theme
    || (matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light');
}

function drawThemeButton() {
  const other = effectiveTheme() === 'dark' ? 'light' : 'dark';
  const button = document.getElementById('theme');
  button.textContent = other === 'dark' ? 'Dark' : 'Light';
  button.setAttribute('aria-label', `Switch to ${other} theme`);
}

function setupTheme() {
  const stored = localStorage.getItem('herald.theme');
  if (stored === 'dark' || stored === 'light') document.documentElement.dataset.theme = stored;
  drawThemeButton();
  document.getElementById('theme').addEventListener('click', () => {
    const next = effectiveTheme() === 'dark' ? 'light' : 'dark';
    document.documentElement.dataset.theme = next;
    localStorage.setItem('herald.theme', next);
    drawThemeButton();
  });
  matchMedia('(prefers-color-scheme: dark)').addEventListener('change', drawThemeButton);
}

// ---- the token form, shown when the gateway refuses without a (good) token ----

function setupToken() {
  const form = document.getElementById('token-form');
  const input = document.getElementById('token');
  window.addEventListener('herald:auth', () => {
    if (!form.hidden) return;
    form.hidden = false;
    input.value = token();
    input.focus();
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    setToken(input.value.trim());
    form.hidden = true;
    loadPanels();
    route({ force: true });
  });
}

setupTheme();
setupToken();
document.getElementById('error-close').addEventListener('click', clearAllErrors);
window.addEventListener('hashchange', () => {
  route();
  main.focus({ preventScroll: true });
});
route();
loadPanels();
