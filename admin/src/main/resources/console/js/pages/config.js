// Config: the running config as the admin API gives it (secrets already redacted there: the
// config records print a Secret as "***"), the last reload's result, and a reload button.
import { get, post } from '../api.js';
import { h, replace, message, dateTime } from '../dom.js';
import { errorBox, header } from './common.js';

let topicsPromise = null;

/** Route topics for the live feed's picker: the routes' topics and the default topic. */
export function topicChoices() {
  if (!topicsPromise) {
    topicsPromise = get('/admin/config').then((answer) => {
      const cfg = configOf(answer);
      const topics = (cfg.routes || []).map((r) => r.topic).filter(Boolean);
      const t = cfg.topics || {};
      for (const extra of [t['default-topic'], t.default, t['dead-letter']]) {
        if (extra) topics.push(extra);
      }
      return [...new Set(topics.map(String))];
    }).catch(() => {
      topicsPromise = null;
      return [];
    });
  }
  return topicsPromise;
}

let ingressPromise = null;

/** {scheme, port} of the ingress from the running config; null when unknown or a random port (0). */
export function ingressAddress() {
  if (!ingressPromise) {
    ingressPromise = get('/admin/config').then((answer) => {
      const ing = configOf(answer).ingress || {};
      const port = Number(ing.port);
      return port > 0 ? { scheme: ing.tls ? 'https' : 'http', port } : null;
    }).catch(() => {
      ingressPromise = null;
      return null;
    });
  }
  return ingressPromise;
}

function configOf(answer) {
  return (answer && (answer.config || answer.running)) || answer || {};
}

export function render(main) {
  const reloadStatus = h('div', { id: 'reload-status' });
  const last = h('div', { id: 'last-reload' });
  const body = h('div', { id: 'config' }, h('p', { class: 'muted' }, 'Loading the running config…'));
  const reload = h('button', { type: 'button', id: 'reload' }, 'Reload config now');
  main.append(...header('Config', 'The running config, secrets redacted.'),
    h('section', { class: 'panel' }, h('h2', {}, 'Last reload'), last,
      h('p', {}, reload, ' ', h('span', { class: 'hint' }, 'Re-reads the config file; an invalid file is refused and the running config stays.')),
      reloadStatus),
    body);
  const controller = new AbortController();

  const load = async () => {
    try {
      const answer = await get('/admin/config', { signal: controller.signal });
      replace(body, h('pre', { id: 'config-text', tabindex: '0', 'aria-label': 'running config' }, JSON.stringify(configOf(answer), null, 2)));
      replace(last, lastReload(answer));
    } catch (err) {
      if (err.name === 'AbortError') return;
      replace(body, errorBox(err, 'the running config'));
      replace(last);
    }
  };
  reload.addEventListener('click', async () => {
    reload.disabled = true;
    replace(reloadStatus, h('p', { class: 'muted', role: 'status' }, 'Reloading…'));
    try {
      const answer = await post('/admin/reload', {});
      replace(reloadStatus, message('note', `Reloaded: ${(answer && answer.status) || 'ok'}.`));
      topicsPromise = null;
      await load();
    } catch (err) {
      if (err.status === 400) replace(reloadStatus, message('alert', `Refused, the running config stays: ${err.detail || err.code}`));
      else replace(reloadStatus, errorBox(err, 'config reload'));
    } finally {
      reload.disabled = false;
    }
  });
  load();
  return () => controller.abort();
}

function lastReload(answer) {
  const r = answer && (answer.lastReload || answer.last_reload || answer.reload);
  if (!r) return h('p', { class: 'muted' }, 'No reload since start.');
  const ok = r.ok ?? (r.status ? r.status === 'reloaded' || r.status === 'ok' : !r.error);
  return h('dl', { class: 'kv' },
    h('dt', {}, 'When'), h('dd', {}, dateTime(r.at ?? r.time ?? r.when)),
    h('dt', {}, 'Result'), h('dd', { class: ok ? 'ok' : 'bad' }, ok ? 'applied' : 'refused'),
    r.error || r.detail ? [h('dt', {}, 'Detail'), h('dd', { class: 'mono' }, String(r.detail ?? r.error))] : null,
    r.source || r.trigger ? [h('dt', {}, 'Trigger'), h('dd', {}, String(r.source ?? r.trigger))] : null);
}
