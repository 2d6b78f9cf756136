// Live events: the SSE stream of one route topic, decoded, filterable by source and type.
// Pausing closes the connection but keeps the cursor: resuming continues right after the last
// event shown, so nothing is skipped. The state lives in this module, so leaving the page and
// coming back resumes from the same place too.
import { post, seg, ApiError } from '../api.js';
import { h, replace, time, eventHref, message } from '../dom.js';
import { ResumableStream } from '../sse.js';
import { header } from './common.js';
import { rawMember, base64Text } from '../json.js';
import { topicChoices } from './config.js';

const MAX_EVENTS = 500;
const TOKEN_TTL = '15m';

const state = {
  topic: '',
  startAt: 'latest',
  stream: null,
  events: [],           // newest first, at most MAX_EVENTS
  received: 0,
  paused: false,
  filters: { source: '', type: '' },
  status: { state: 'stopped', detail: '' },
  view: null,           // the shown page's elements, null while another page is shown
};

/** Events seen by the feed, by "<source>\u0000<id>", for the event page's payload. */
const byKey = new Map();

export function cachedEvent(source, id) {
  return byKey.get(`${source}\u0000${id}`) || null;
}

export function render(main) {
  const topicInput = h('input', { id: 'topic', name: 'topic', list: 'topic-list', value: state.topic, autocomplete: 'off', required: true, size: 28 });
  const topicList = h('datalist', { id: 'topic-list' });
  const startAt = h('select', { id: 'start-at', name: 'start-at' },
    h('option', { value: 'latest', selected: state.startAt === 'latest' }, 'new events only'),
    h('option', { value: 'earliest', selected: state.startAt === 'earliest' }, 'from the beginning'));
  const watch = h('button', { type: 'submit', id: 'watch' }, 'Watch');
  const pause = h('button', { type: 'button', id: 'pause', class: 'secondary', disabled: !state.stream }, state.paused ? 'Resume' : 'Pause');
  const sourceFilter = h('select', { id: 'filter-source', name: 'filter-source' }, h('option', { value: '' }, 'all sources'));
  const typeFilter = h('input', { id: 'filter-type', name: 'filter-type', value: state.filters.type, placeholder: 'e.g. index-*', autocomplete: 'off', size: 18 });
  const statusLine = h('p', { id: 'stream-status', class: 'status', role: 'status', 'data-state': 'stopped' });
  const problem = h('div', { id: 'stream-problem' });
  const counter = h('p', { class: 'muted', id: 'feed-count' });
  const tbody = h('tbody', { id: 'feed-rows' });

  const form = h('form', { class: 'panel', id: 'watch-form' },
    h('div', { class: 'row' },
      h('div', { class: 'field' }, h('label', { for: 'topic' }, 'Route topic'), topicInput, topicList),
      h('div', { class: 'field' }, h('label', { for: 'start-at' }, 'Start with'), startAt),
      watch, pause),
    h('p', { class: 'hint' }, 'A stream token for this topic is minted with your admin token; it travels in a header, never in the URL.'));
  const filters = h('div', { class: 'row panel', role: 'search' },
    h('div', { class: 'field' }, h('label', { for: 'filter-source' }, 'Source'), sourceFilter),
    h('div', { class: 'field' }, h('label', { for: 'filter-type' }, 'Type (* matches anything)'), typeFilter));
  const feed = h('div', { class: 'table-wrap' },
    h('table', { id: 'feed' },
      h('thead', {}, h('tr', {}, ['Received', 'Source', 'Type', 'Event id', 'Subject'].map((t) => h('th', { scope: 'col' }, t)))),
      tbody));
  main.append(...header('Live events', 'Events of a route topic as the processor writes them.'), form, statusLine, problem, filters, counter, feed);

  state.view = { tbody, statusLine, problem, counter, sourceFilter, pause, watch };
  topicChoices().then((topics) => replace(topicList, topics.map((t) => h('option', { value: t }))));

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const topic = topicInput.value.trim();
    if (!topic) return;
    watchTopic(topic, startAt.value);
  });
  pause.addEventListener('click', togglePause);
  sourceFilter.addEventListener('change', () => { state.filters.source = sourceFilter.value; redraw(); });
  typeFilter.addEventListener('input', () => { state.filters.type = typeFilter.value.trim(); redraw(); });

  redraw();
  showStatus();
  if (state.stream && !state.paused) state.stream.start();
  return () => {
    // leaving the page: stop reading but keep the cursor, so coming back resumes in place
    if (state.stream) state.stream.stop();
    state.view = null;
  };
}

function watchTopic(topic, startAt) {
  if (state.stream) state.stream.stop();
  state.topic = topic;
  state.startAt = startAt;
  state.events = [];
  state.received = 0;
  state.paused = false;
  byKey.clear();
  state.stream = new ResumableStream({
    url: `/streams/${seg(topic)}`,
    startAt,
    tokens: streamTokens(topic),
    onEvent: onEvent,
    onState: (s, detail) => {
      if (s === 'gap') {
        // a lasting note: the feed may miss events from here back to the last one shown
        if (state.view) replace(state.view.problem, message('alert', `Events may be missing: ${detail}.`));
        s = 'reconnecting';
      }
      state.status = { state: s, detail: detail || '' };
      showStatus();
    },
  });
  if (state.view) {
    state.view.pause.disabled = false;
    state.view.pause.textContent = 'Pause';
    replace(state.view.problem);
  }
  redraw();
  state.stream.start();
}

function togglePause() {
  if (!state.stream) return;
  state.paused = !state.paused;
  if (state.paused) state.stream.stop();
  else state.stream.start();
  if (state.view) state.view.pause.textContent = state.paused ? 'Resume' : 'Pause';
  showStatus();
}

/** Stream tokens for a topic, minted on first use and again when the old one expires. */
function streamTokens(topic) {
  let current = null;
  return {
    async get() {
      if (current && Date.parse(current.expires_at) - Date.now() > 30000) return current.token;
      try {
        const answer = await post('/admin/stream-tokens', { topic, ttl: TOKEN_TTL });
        current = { token: answer.token, expires_at: answer.expires_at || new Date(Date.now() + 600000).toISOString() };
        return current.token;
      } catch (err) {
        if (err instanceof ApiError && (err.status === 403 || err.status === 400 || err.notAvailable)) {
          // not a passing failure: retrying cannot help
          if (state.stream) state.stream.stop();
          state.stream = null;
          state.status = { state: 'error', detail: '' };
          if (state.view) {
            state.view.pause.disabled = true;
            replace(state.view.problem, message(err.notAvailable ? 'note' : 'alert', streamProblem(err)));
          }
          showStatus();
        }
        throw err;
      }
    },
    invalidate() {
      current = null;
    },
  };
}

function streamProblem(err) {
  if (err.notAvailable) return 'Not available: this server does not offer event streams yet.';
  if (err.status === 403) return 'Your token may not mint stream tokens (it needs the admin scope).';
  return `The stream token was refused: ${err.message}`;
}

/**
 * Decodes one SSE event: a JSON event (CloudEvents structured mode, or the envelope's fields).
 * payload keeps the provider's bytes as text, cut out of the event's JSON (not re-serialized).
 */
export function decode(ev) {
  let json = null;
  try {
    json = JSON.parse(ev.data);
  } catch {
    json = null;
  }
  const o = json && typeof json === 'object' ? json : {};
  let source = String(o.source ?? '');
  if (source.startsWith('sluice/')) source = source.slice('sluice/'.length);
  return {
    cursor: ev.id,
    id: String(o.id ?? ''),
    source,
    type: String(o.type ?? ''),
    subject: o.subject ?? '',
    receivedAt: o.receivedat ?? o.received_at ?? o.receivedAt ?? o.time ?? null,
    payload: payloadText(ev.data, o),
    raw: json ?? ev.data,
  };
}

function payloadText(text, o) {
  if (typeof o.data_base64 === 'string') {
    try {
      return base64Text(o.data_base64);
    } catch {
      return null;
    }
  }
  const raw = rawMember(text, 'data');
  if (raw === null) return null;
  return typeof o.data === 'string' ? o.data : raw;
}

function onEvent(ev) {
  const e = decode(ev);
  if (!e.id) return; // not an event (a control message of the stream)
  state.received += 1;
  state.events.unshift(e);
  if (state.events.length > MAX_EVENTS) {
    const gone = state.events.pop();
    byKey.delete(`${gone.source}\u0000${gone.id}`);
  }
  byKey.set(`${e.source}\u0000${e.id}`, e);
  if (!state.view) return;
  addSourceOption(e.source);
  if (matches(e)) {
    state.view.tbody.prepend(row(e));
    while (state.view.tbody.rows.length > MAX_EVENTS) state.view.tbody.lastElementChild.remove();
  }
  showCount();
}

function matches(e) {
  const { source, type } = state.filters;
  if (source && e.source !== source) return false;
  if (type.includes('*')) {
    const glob = new RegExp(`^${type.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
    if (!glob.test(e.type)) return false;
  } else if (type && !e.type.toLowerCase().includes(type.toLowerCase())) {
    return false;
  }
  return true;
}

function row(e) {
  return h('tr', { 'data-source': e.source, 'data-type': e.type },
    h('td', {}, time(e.receivedAt)),
    h('td', {}, e.source),
    h('td', {}, h('code', {}, e.type)),
    h('td', { class: 'wrap' }, h('a', { href: eventHref(e.source, e.id), class: 'event-link' }, e.id)),
    h('td', { class: 'wrap' }, e.subject ? String(e.subject) : ''));
}

function addSourceOption(source) {
  const select = state.view.sourceFilter;
  if (!source || [...select.options].some((o) => o.value === source)) return;
  select.append(h('option', { value: source }, source));
}

function redraw() {
  if (!state.view) return;
  const { tbody, sourceFilter } = state.view;
  for (const e of state.events) addSourceOption(e.source);
  sourceFilter.value = state.filters.source;
  replace(tbody, state.events.filter(matches).map(row));
  showCount();
}

function showCount() {
  if (!state.view) return;
  const shown = state.view.tbody.rows.length;
  state.view.counter.textContent = state.topic
    ? `${shown} shown of ${state.events.length} kept (${state.received} received since you started watching ${state.topic}).`
    : 'Choose a route topic to watch.';
}

function showStatus() {
  if (!state.view) return;
  const { statusLine } = state.view;
  let { state: s, detail } = state.status;
  let text;
  if (!state.stream && s !== 'error') text = 'Not watching.';
  else if (state.paused) {
    s = 'stopped';
    text = `Paused. Resume continues right after the last event shown${state.stream && state.stream.cursor ? '' : ' (or at the start)'}.`;
  } else if (s === 'open') text = `Watching ${state.topic}.`;
  else if (s === 'connecting') text = `Connecting to ${state.topic}…`;
  else if (s === 'reconnecting') text = `Reconnecting to ${state.topic}${detail ? ` (${detail})` : ''}; resuming from the last event.`;
  else if (s === 'error') text = `Stream refused${detail ? `: ${detail}` : ''}.`;
  else text = 'Stopped.';
  statusLine.setAttribute('data-state', s);
  statusLine.textContent = text;
}
