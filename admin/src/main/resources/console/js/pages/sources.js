// Sources: per source its scheme, URL(s), per-minute accepted / rejected / duplicates over the
// last hour, totals, and the last rejected deliveries with their reasons. Never a secret: the
// admin API does not send them, and nothing here would show them.
import { get, seg } from '../api.js';
import { h, replace, table, time } from '../dom.js';
import { sparkline } from '../sparkline.js';
import { errorBox, poll, header } from './common.js';

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
      const rejections = await Promise.all(list.map((s) => loadRejections(s.name, controller.signal)));
      replace(body, list.length === 0
        ? h('p', {}, 'No sources are configured.')
        : h('div', { class: 'cards' }, list.map((s, i) => card(s, rejections[i]))));
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

/** Normalizes one source of GET /admin/sources to {name, scheme, urls, series, totals}. */
export function sourceList(answer) {
  return arrayOf(answer, 'sources').map((s) => {
    const last1h = s.last1h || s.lastHour || s['1h'] || (s.windows && s.windows['1h']) || {};
    const last24h = s.last24h || s.lastDay || s['24h'] || (s.windows && s.windows['24h']) || {};
    const perMinute = s.perMinute || s.per_minute || s.minutes || {};
    return {
      name: String(s.name),
      scheme: s.scheme ? String(s.scheme) : '',
      urls: [s.urls, s.url, s.paths, s.path].flat().filter((u) => typeof u === 'string' && u !== ''),
      series: {
        accepted: numbers(perMinute.accepted),
        rejected: numbers(perMinute.rejected),
        duplicates: numbers(perMinute.duplicates),
      },
      hour: totals(last1h),
      day: totals(last24h),
    };
  });
}

function numbers(v) {
  return Array.isArray(v) ? v.map((x) => Number(x) || 0) : [];
}

function count(v) {
  if (typeof v === 'number') return v;
  if (v && typeof v === 'object') {
    if (typeof v.total === 'number') return v.total;
    return Object.values(v).reduce((a, b) => a + (Number(b) || 0), 0);
  }
  return 0;
}

function totals(w) {
  const byReason = w.rejectedByReason || w.rejected_by_reason
    || (w.rejected && typeof w.rejected === 'object' ? (w.rejected.byReason || w.rejected.reasons || w.rejected) : {});
  return {
    accepted: count(w.accepted),
    rejected: count(w.rejected),
    duplicates: count(w.duplicates),
    byReason: Object.fromEntries(Object.entries(byReason || {}).filter(([k, v]) => k !== 'total' && typeof v === 'number')),
  };
}

function card(s, rejections) {
  const metric = (label, series, total, cls, colour) => h('div', { class: 'metric', 'data-metric': label.toLowerCase() },
    h('span', { class: cls }, label),
    sparkline(series.length ? series : new Array(60).fill(0), `${s.name} ${label.toLowerCase()} per minute`, colour),
    h('span', { class: 'count', title: 'last hour' }, String(total)));
  const reasons = Object.entries(s.hour.byReason);
  return h('section', { class: 'card', 'data-source': s.name, 'aria-labelledby': `src-${cssId(s.name)}` },
    h('h2', { id: `src-${cssId(s.name)}` }, s.name, h('span', { class: 'scheme' }, s.scheme)),
    s.urls.length
      ? h('ul', { class: 'urls mono wrap' }, s.urls.map((u) => h('li', {}, u)))
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
  return h('div', { class: 'rejections' }, table('Last rejected deliveries',
    ['Time', 'Status', 'Reason', 'Headers', 'Bytes'],
    r.list.map((x) => [
      time(x.time ?? x.at ?? x.received_at ?? x.receivedAt),
      String(x.status ?? ''),
      h('span', { class: 'reason' }, String(x.reason ?? x.error ?? '')),
      h('span', { class: 'mono wrap' }, (x.headers || x.headerNames || x.header_names || []).join(', ')),
      String(x.bodySize ?? x.body_size ?? x.bytes ?? ''),
    ]), [1, 4]));
}

function cssId(name) {
  return name.replace(/[^A-Za-z0-9_-]/g, '_');
}
