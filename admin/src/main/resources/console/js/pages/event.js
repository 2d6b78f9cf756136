// Event detail: the timeline from the event lookup (deliveries, dedupe outcome, outputs or the
// dead-letter reason), the payload pretty-printed, and copy-as-curl for sources with demo secrets.
import { get, post, seg } from '../api.js';
import { h, replace, message, dateTime } from '../dom.js';
import { errorBox } from './common.js';
import { cachedEvent } from './live.js';

export function render(main, [source, id]) {
  const body = h('div', { id: 'event' }, h('p', { class: 'muted' }, 'Looking the event up…'));
  main.append(
    h('p', {}, h('a', { href: '#/live' }, '← Live events')),
    h('h1', { class: 'wrap' }, 'Event ', h('code', { id: 'event-id' }, id)),
    h('p', { class: 'muted' }, 'Source ', h('strong', { id: 'event-source' }, source)),
    body);
  const controller = new AbortController();
  get(`/admin/events/${seg(source)}/${seg(id)}`, { signal: controller.signal })
    .then((answer) => replace(body, ...detail(source, id, answer || {})))
    .catch((err) => {
      if (err.name === 'AbortError') return;
      if (err.status === 404 && err.code === 'unknown_event') {
        replace(body, message('alert', 'No such event in the index (unknown_event). It may not have been processed yet, or the id is wrong.'));
      } else {
        replace(body, errorBox(err, 'the event lookup'));
      }
    });
  return () => controller.abort();
}

function detail(source, id, answer) {
  const payload = payloadOf(answer, cachedEvent(source, id));
  return [
    h('section', { class: 'panel', 'aria-labelledby': 'tl-h' }, h('h2', { id: 'tl-h' }, 'Timeline'), timeline(answer)),
    h('section', { class: 'panel', 'aria-labelledby': 'pl-h' }, h('h2', { id: 'pl-h' }, 'Payload'),
      payload === null
        ? h('p', { class: 'muted', id: 'payload-missing' }, 'The lookup holds no payload; open the event from the live feed to see it.')
        : h('pre', { id: 'payload', tabindex: '0', 'aria-label': 'payload' }, pretty(payload))),
    h('section', { class: 'panel', 'aria-labelledby': 'curl-h' }, h('h2', { id: 'curl-h' }, 'Send it again by hand'), curlPart(source, id, answer.type, payload)),
    h('details', {}, h('summary', {}, 'The lookup answer as JSON'), h('pre', { id: 'lookup-json' }, JSON.stringify(answer, null, 2))),
  ];
}

/**
 * The timeline of the event lookup: {status, deliveries: [{received_at, attempt, partition, offset,
 * outcome}], deliveries_total, dedupe: {copies_dropped}, outputs: [{topic, partition, offset,
 * replay_job, status: committed|pending}], dead_letter: {reason, detail, topic, partition, offset}}.
 */
function timeline(a) {
  const items = [];
  for (const d of Array.isArray(a.deliveries) ? a.deliveries : []) {
    const dup = d.outcome === 'duplicate';
    items.push(item(d.received_at, dup ? 'Delivery received, dropped as a duplicate' : 'Delivery received',
      [d.attempt != null ? `attempt ${d.attempt}` : null, `raw ${position(d)}`]));
  }
  const total = Number(a.deliveries_total) || 0;
  const listed = Array.isArray(a.deliveries) ? a.deliveries.length : 0;
  if (total > listed) items.push(item(null, `${total - listed} more deliveries`, ['not listed (the timeline keeps the first ones)']));
  const dropped = a.dedupe && Number(a.dedupe.copies_dropped);
  if (dropped > 0) items.push(item(null, 'Dedupe', [`${dropped} ${dropped === 1 ? 'copy' : 'copies'} dropped`]));
  for (const o of Array.isArray(a.outputs) ? a.outputs : []) {
    items.push(item(null, `Written to ${o.topic}`, [o.status === 'pending' ? 'pending: not found committed yet' : position(o),
      o.replay_job ? `replay job ${o.replay_job}` : null]));
  }
  const dl = a.dead_letter;
  if (dl) items.push(item(null, 'Dead-lettered', [dl.reason, dl.detail, dl.topic ? `${dl.topic} ${position(dl)}` : null], true));
  return [
    h('p', {}, 'Status: ', h('strong', { id: 'event-status', class: a.status === 'dead_lettered' ? 'bad' : null }, String(a.status ?? 'unknown')),
      a.type ? [' · type ', h('code', {}, String(a.type))] : null),
    items.length === 0
      ? h('p', { class: 'muted' }, 'The lookup answer has no timeline entries.')
      : h('ol', { class: 'timeline', id: 'timeline' }, items),
  ];
}

function item(when, label, facts, bad = false) {
  const text = facts.filter((f) => f !== null && f !== undefined && f !== '').join(' · ');
  return h('li', { class: bad ? 'bad' : null },
    when != null ? [dateTime(when), ' '] : null,
    h('strong', {}, label), text ? [' — ', h('span', { class: 'mono wrap' }, text)] : null);
}

function position(x) {
  if (x.partition == null && x.offset == null) return '';
  return `partition ${x.partition}, offset ${x.offset}`;
}

/** The payload as text, from the lookup answer or the live feed's copy; null when neither has it. */
function payloadOf(answer, fromFeed) {
  // the feed's copy first: it is the provider's exact text
  if (fromFeed && typeof fromFeed.payload === 'string') return fromFeed.payload;
  if (typeof answer.payload === 'string') return answer.payload;
  return null;
}

function pretty(text) {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

function curlPart(source, id, type, payload) {
  const out = h('div', { id: 'curl-out' });
  if (payload === null) {
    return h('p', { class: 'muted' }, 'Copy-as-curl needs the payload.');
  }
  const button = h('button', { type: 'button', id: 'copy-curl' }, 'Copy as curl');
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      const answer = await post(`/admin/sources/${seg(source)}/sample-curl`, { body: payload, id, type: type || undefined });
      const pre = h('pre', { id: 'curl', tabindex: '0', 'aria-label': 'curl command' }, answer.curl);
      let copied = false;
      try {
        await navigator.clipboard.writeText(answer.curl);
        copied = true;
      } catch {
        copied = false; // no clipboard permission (e.g. a headless browser): the text is shown to copy by hand
      }
      replace(out, message('note', copied ? 'Copied to the clipboard, freshly signed:' : 'Freshly signed; select and copy:'), pre);
    } catch (err) {
      if (err.status === 403) {
        replace(out, message('note', 'Copy-as-curl is offered only for sources whose secrets are demo values (demo-…): this source has real secrets, which the console never uses.'));
      } else {
        replace(out, errorBox(err, 'copy-as-curl'));
      }
    } finally {
      button.disabled = false;
    }
  });
  return h('div', {},
    h('p', {}, 'A ', h('code', {}, 'curl'), ' that delivers this payload again with the same id, signed now with the source\'s secret: offered only while that secret is a demo value. The ingress answers 200 (within the source\'s timestamp tolerance) and the processor drops the copy as a duplicate.'),
    button, out);
}
