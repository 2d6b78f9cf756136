// Sources: per source its scheme, URL(s), per-minute accepted / rejected / duplicates over the
// last hour, totals, and the last rejected deliveries with their reasons. Never a secret: the
// admin API does not send them, and nothing here would show them.
import { get, seg } from '../api.js';
import { h, replace, time } from '../dom.js';
import { sparkline } from '../sparkline.js';
import { errorBox, poll, header } from './common.js';
import { ingressAddress } from './config.js';

const REFRESH_MS = 5000;
const REJECTIONS = 5;

export function render(main) {
  const body = h('div', { id: 'sources', 'aria-live': 'off' }, h('p', { class: 'muted' }, 'Loading sources…'));
  const updated = h('p', { class: 'muted', id: 'sources-updated' });
  main.append(...header('Sources', 'Deliveries per minute over the last hour; refreshed every 5 s.'), updated, body);
  const controller = new AbortController();
  const stop = poll(async () => {
    try {
      const answer = await get('/admin/sources', { signal: controller.signal });
      const list = sourceList(answer);
      const ingress = await ingressAddress();
      const rejections = await Promise.all(list.map((s) => loadRejections(s.name, controller.signal)));
      replace(body, list.length === 0
        ? h('p', {}, 'No sources are configured.')
        : h('div', { class: 'cards' }, list.map((s, i) => card(s, rejections[i], ingress))));
      replace(updated, 'Updated ', time(Date.now()));
    } catch (err) {
      if (err.name === 'AbortError') return;
      replace(body, errorBox(err, 'the sources overview'));
    }
  }, REFRESH_MS);
  return () => {
    stop();
    controller.abort();
  };
}

async function loadRejections(name, signal) {
  try {
    const answer = await get(`/admin/sources/${seg(name)}/rejections?limit=${REJECTIONS}`, { signal });
    return { list: arrayOf(answer, 'rejections') };
  } catch (err) {
    if (err.name === 'AbortError') throw err;
    return { error: err };
  }
}

/** The array in an answer that is either the array itself or an object holding it under key. */
function arrayOf(answer, key) {
  if (Array.isArray(answer)) return answer;
  if (answer && Array.isArray(answer[key])) return answer[key];
  return [];
}

/**
 * Normalizes GET /admin/sources: {"sources":[{name, scheme, paths, last_1h, last_24h, per_minute}]}
 * where a window is {accepted, duplicates, rejected: {reason: n}, rejected_total} and per_minute
 * holds {minute, accepted, duplicates, rejected} for each minute of the last hour, oldest first.
 */
export function sourceList(answer) {
  return arrayOf(answer, 'sources').map((s) => {
    const minutes = Array.isArray(s.per_minute) ? s.per_minute : [];
    const series = (key) => minutes.map((m) => Number(m && m[key]) || 0);
    return {
      name: String(s.name),
      scheme: s.scheme ? String(s.scheme) : '',
      paths: (Array.isArray(s.paths) ? s.paths : []).map(String),
      series: { accepted: series('accepted'), rejected: series('rejected'), duplicates: series('duplicates') },
      hour: totals(s.last_1h),
      day: totals(s.last_24h),
    };
  });
}

function totals(w) {
  const win = w || {};
  const byReason = win.rejected && typeof win.rejected === 'object' ? win.rejected : {};
  const rejected = typeof win.rejected_total === 'number' ? win.rejected_total
    : Object.values(byReason).reduce((a, b) => a + (Number(b) || 0), 0);
  return {
    accepted: Number(win.accepted) || 0,
    duplicates: Number(win.duplicates) || 0,
    rejected,
    byReason: Object.fromEntries(Object.entries(byReason).filter(([, v]) => typeof v === 'number')),
  };
}

function card(s, rejections, ingress) {
  const metric = (label, series, total, cls, colour) => h('div', { class: 'metric', 'data-metric': label.toLowerCase() },
    h('span', { class: cls }, label),
    sparkline(series.length ? series : new Array(60).fill(0), `${s.name} ${label.toLowerCase()} per minute`, colour),
    h('span', { class: 'count', title: 'last hour' }, String(total)));
  const reasons = Object.entries(s.hour.byReason);
  return h('section', { class: 'card', 'data-source': s.name, 'aria-labelledby': `src-${cssId(s.name)}` },
    h('h2', { id: `src-${cssId(s.name)}` }, s.name, h('span', { class: 'scheme' }, 'scheme ', h('code', {}, s.scheme))),
    s.paths.length
      ? h('ul', { class: 'urls mono wrap', 'aria-label': 'webhook URLs' }, s.paths.map((p) => h('li', {}, 'POST ', urlOf(p, ingress))))
      : null,
    metric('Accepted', s.series.accepted, s.hour.accepted, 'ok', 'var(--ok)'),
    metric('Rejected', s.series.rejected, s.hour.rejected, 'bad', 'var(--bad)'),
    metric('Duplicates', s.series.duplicates, s.hour.duplicates, 'dup', 'var(--dup)'),
    h('p', { class: 'muted' }, `Last 24 h: ${s.day.accepted} accepted, ${s.day.rejected} rejected, ${s.day.duplicates} duplicates.`),
    reasons.length
      ? h('p', {}, 'Rejected in the last hour by reason: ', reasons.map(([k, v], i) => [i ? ', ' : '', h('code', {}, k), ` ${v}`]))
      : null,
    h('h3', {}, 'Last rejected deliveries'),
    rejectionList(rejections));
}

function rejectionList(r) {
  if (r.error) return errorBox(r.error, 'rejected deliveries');
  if (r.list.length === 0) return h('p', { class: 'muted' }, 'None recorded.');
  // a list, not a table: a card is narrow, and header names are long
  return h('ul', { class: 'rejections' }, r.list.map((x) => h('li', {},
    h('div', {}, time(x.time), ' ', h('span', { class: 'status-code' }, String(x.status ?? '')), ' ',
      h('code', { class: 'reason bad' }, String(x.reason ?? '')),
      x.body_bytes == null ? null : h('span', { class: 'muted' }, ` · ${x.body_bytes} bytes`)),
    Array.isArray(x.header_names) && x.header_names.length
      ? h('div', { class: 'hint mono wrap' }, 'headers: ', x.header_names.join(', '))
      : null)));
}

/** A source path as a full URL on the ingress, when the running config names a fixed port. */
function urlOf(path, ingress) {
  if (!ingress) return path;
  return `${ingress.scheme}://${location.hostname}:${ingress.port}${path}`;
}

function cssId(name) {
  return name.replace(/[^A-Za-z0-9_-]/g, '_');
}
