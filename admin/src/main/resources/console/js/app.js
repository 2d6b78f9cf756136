// The console's shell: log-in gate, hash router, navigation. Each page module exports
// render(main, params) and returns a function that stops its timers and streams.
import { token, setToken, clearToken, onUnauthorized, get, ApiError } from './api.js';
import { h, replace, message } from './dom.js';
import * as sources from './pages/sources.js';
import * as live from './pages/live.js';
import * as eventPage from './pages/event.js';
import * as replay from './pages/replay.js';
import * as config from './pages/config.js';

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const logout = document.getElementById('logout');

const routes = [
  { re: /^#\/sources$/, page: sources, title: 'Sources', nav: '#/sources' },
  { re: /^#\/live$/, page: live, title: 'Live events', nav: '#/live' },
  { re: /^#\/events\/([^/]+)\/(.+)$/, page: eventPage, title: 'Event', nav: null },
  { re: /^#\/replay$/, page: replay, title: 'Replay', nav: '#/replay' },
  { re: /^#\/config$/, page: config, title: 'Config', nav: '#/config' },
];

let cleanup = null;
let loginMessage = null;

function stopPage() {
  if (cleanup) {
    try { cleanup(); } catch { /* a page's clean-up must not block navigation */ }
    cleanup = null;
  }
}

function route() {
  stopPage();
  if (!token()) {
    showLogin();
    return;
  }
  nav.hidden = false;
  logout.hidden = false;
  const hash = location.hash || '#/sources';
  const match = routes.map((r) => ({ r, m: r.re.exec(hash) })).find((x) => x.m);
  if (!match) {
    location.replace('#/sources');
    return;
  }
  for (const a of nav.querySelectorAll('a')) {
    if (a.getAttribute('href') === match.r.nav) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  document.title = `${match.r.title} · Sluice console`;
  replace(main);
  const params = match.m.slice(1).map((p) => safeDecode(p));
  cleanup = match.r.page.render(main, params) || null;
}

function safeDecode(s) {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function showLogin() {
  nav.hidden = true;
  logout.hidden = true;
  document.title = 'Log in · Sluice console';
  const input = h('input', { id: 'token', name: 'token', type: 'password', autocomplete: 'off', spellcheck: 'false', required: true, size: 40 });
  const status = h('div', { id: 'login-status' });
  if (loginMessage) status.append(message('alert', loginMessage));
  const button = h('button', { type: 'submit', id: 'login-button' }, 'Log in');
  // method=post: even without this script, a submitted token never lands in the URL
  const form = h('form', { class: 'panel', method: 'post', action: '#', id: 'login-form' },
    h('h1', {}, 'Log in'),
    h('p', {}, 'Paste an admin token (', h('code', {}, 'bin/sluice up'), ' prints the demo one). It is kept in this tab only, until you log out or close it.'),
    status,
    h('div', { class: 'field' }, h('label', { for: 'token' }, 'Admin token'), input),
    button);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const value = input.value.trim();
    if (!value) return;
    button.disabled = true;
    replace(status, h('p', { class: 'muted', role: 'status' }, 'Checking the token…'));
    try {
      await get('/admin/me', { tokenValue: value });
      setToken(value);
      loginMessage = null;
      input.value = '';
      route();
      main.focus();
    } catch (err) {
      replace(status, message('alert', loginError(err)));
      input.select();
    } finally {
      button.disabled = false;
    }
  });
  replace(main, form);
  input.focus();
}

function loginError(err) {
  if (err instanceof ApiError && err.status === 401) return 'This token was not accepted: it is wrong, expired or revoked.';
  if (err instanceof ApiError && err.status === 403) return 'This token may not read the admin API (it needs the read scope).';
  if (err instanceof ApiError && err.status === 0) return 'The admin server did not answer. Is Sluice running?';
  return `The admin server refused the log-in (${err.message}).`;
}

onUnauthorized(() => {
  // any page: the token stopped working. Drop it and every shown datum, ask again.
  clearToken();
  loginMessage = 'Your token is no longer accepted (wrong, expired or revoked). Log in again.';
  route();
});

logout.addEventListener('click', () => {
  clearToken();
  loginMessage = null;
  route();
});

window.addEventListener('hashchange', () => {
  route();
  main.focus();
});
route();
