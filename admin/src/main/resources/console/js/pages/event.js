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
    h('section', { class: 'panel', 'aria-labelledby': 'curl-h' }, h('h2', { id: 'curl-h' }, 'Send it again by hand'), curlPart(source, payload)),
    h('details', {}, h('summary', {}, 'The lookup answer as JSON'), h('pre', { id: 'lookup-json' }, JSON.stringify(answer, null, 2))),
  ];
}

/** The timeline: the answer's own list when it has one, else built from its parts. */
function timeline(a) {
  const items = [];
  const list = a.timeline || a.steps;
  if (Array.isArray(list)) {
    for (const step of list) items.push(stepItem(step));
  } else {
    for (const d of a.deliveries || a.received || []) {
      items.push(item(d.time ?? d.received_at ?? d.receivedAt, 'Delivery received',
        [d.attempt != null ? `attempt ${d.attempt}` : null, position(d)]));
    }
    const dedupe = a.dedupe ?? a.dedupeOutcome ?? a.dedupe_outcome;
    if (dedupe != null) items.push(item(null, 'Dedupe', [typeof dedupe === 'object' ? JSON.stringify(dedupe) : String(dedupe)]));
    for (const o of a.outputs || []) items.push(item(o.time ?? o.at, 'Written', [o.topic, position(o)]));
    const dlq = a.deadLetter ?? a.dead_letter ?? a.dlq;
    if (dlq) items.push(item(dlq.time ?? null, 'Dead-lettered', [typeof dlq === 'object' ? (dlq.reason ?? JSON.stringify(dlq)) : String(dlq)], true));
  }
  if (items.length === 0) return h('p', { class: 'muted' }, 'The lookup answer has no timeline entries.');
  return h('ol', { class: 'timeline', id: 'timeline' }, items);
}

function stepItem(step) {
  if (typeof step !== 'object' || step === null) return item(null, String(step), []);
  const { time: t, at, kind, what, step: name, type, ...rest } = step;
  const label = kind ?? what ?? name ?? type ?? 'step';
  const facts = Object.entries(rest).filter(([, v]) => v !== null && v !== undefined)
    .map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : v}`);
  return item(t ?? at, String(label), facts, /dead|dlq|reject|fail/i.test(String(label)));
}

function item(when, label, facts, bad = false) {
  const text = facts.filter((f) => f !== null && f !== undefined && f !== '').join(' · ');
  return h('li', { class: bad ? 'bad' : null },
    when != null ? [dateTime(when), ' '] : null,
    h('strong', {}, label), text ? [' — ', h('span', { class: 'mono wrap' }, text)] : null);
}

function position(x) {
  if (x.partition == null && x.offset == null) return null;
  return `partition ${x.partition}, offset ${x.offset}`;
}

/** The payload as text, from the lookup answer or the live feed's copy; null when neither has it. */
function payloadOf(answer, fromFeed) {
  for (const v of [answer.payload, answer.data, answer.body]) {
    if (v !== undefined && v !== null) return typeof v === 'string' ? v : JSON.stringify(v);
  }
  const raw = fromFeed && fromFeed.raw;
  if (raw && typeof raw === 'object') {
    const value = raw.value && typeof raw.value === 'object' ? raw.value : raw;
    const v = value.data ?? value.data_base64 ?? value.payload;
    if (v !== undefined && v !== null) return typeof v === 'string' ? v : JSON.stringify(v);
  }
  return null;
}

function pretty(text) {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

function curlPart(source, payload) {
  const out = h('div', { id: 'curl-out' });
  if (payload === null) {
    return h('p', { class: 'muted' }, 'Copy-as-curl needs the payload.');
  }
  const button = h('button', { type: 'button', id: 'copy-curl' }, 'Copy as curl');
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      const answer = await post(`/admin/sources/${seg(source)}/sample-curl`, { body: payload });
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
    h('p', {}, 'A ', h('code', {}, 'curl'), ' that delivers this payload again, signed now with the source\'s secret: offered only while that secret is a demo value. The ingress answers 200 and the processor drops the copy as a duplicate.'),
    button, out);
}
