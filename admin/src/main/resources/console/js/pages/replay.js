// Replay: a form for a time range and mode, the progress of every job (GET /admin/replay), cancel.
import { get, post, del, seg } from '../api.js';
import { h, replace, message, dateTime } from '../dom.js';
import { errorBox, poll, header } from './common.js';

const REFRESH_MS = 1000;

/** The value of a datetime-local input as an ISO instant (it is local time). */
function isoOf(input) {
  const d = new Date(input.value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** An ISO-like local value for a datetime-local input. */
function localValue(date) {
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

export function render(main) {
  const from = h('input', { id: 'replay-from', name: 'from', type: 'datetime-local', step: '1', required: true });
  const to = h('input', { id: 'replay-to', name: 'to', type: 'datetime-local', step: '1', required: true });
  const mode = h('select', { id: 'replay-mode', name: 'mode' },
    h('option', { value: 'redeliver' }, 'redeliver: again to their routes'),
    h('option', { value: 'renormalize' }, 'renormalize: to one topic, current rules'));
  const topic = h('input', { id: 'replay-topic', name: 'topic', autocomplete: 'off', size: 24 });
  const topicField = h('div', { class: 'field', hidden: true }, h('label', { for: 'replay-topic' }, 'Topic (for renormalize)'), topic);
  const sources = h('input', { id: 'replay-sources', name: 'sources', autocomplete: 'off', placeholder: 'all', size: 24 });
  const types = h('input', { id: 'replay-types', name: 'types', autocomplete: 'off', placeholder: 'all', size: 24 });
  const jobId = h('input', { id: 'replay-job', name: 'job', autocomplete: 'off', size: 28 });
  const submitStatus = h('div', { id: 'replay-status' });
  const jobsBox = h('div', { id: 'replay-jobs' });

  const preset = (label, minutes) => h('button', {
    type: 'button', class: 'secondary', 'data-minutes': minutes,
    onclick: () => {
      const now = new Date();
      // round outwards to whole seconds: the inputs have second precision
      to.value = localValue(new Date(Math.ceil((now.getTime() + 1000) / 1000) * 1000));
      from.value = localValue(new Date(now.getTime() - minutes * 60000));
    },
  }, label);

  const form = h('form', { class: 'panel', id: 'replay-form' },
    h('h2', {}, 'Start a replay'),
    h('p', { class: 'hint' }, 'Reads the raw topic for the time range. The same job id again starts nothing new.'),
    h('div', { class: 'row' },
      h('div', { class: 'field' }, h('label', { for: 'replay-from' }, 'From (local time)'), from),
      h('div', { class: 'field' }, h('label', { for: 'replay-to' }, 'To (local time)'), to)),
    h('p', { class: 'row', role: 'group', 'aria-label': 'time range presets' },
      preset('Last 15 minutes', 15), preset('Last hour', 60), preset('Last 24 hours', 1440)),
    h('div', { class: 'row' },
      h('div', { class: 'field' }, h('label', { for: 'replay-mode' }, 'Mode'), mode),
      topicField),
    h('div', { class: 'row' },
      h('div', { class: 'field' }, h('label', { for: 'replay-sources' }, 'Sources (comma-separated)'), sources),
      h('div', { class: 'field' }, h('label', { for: 'replay-types' }, 'Types (comma-separated)'), types),
      h('div', { class: 'field' }, h('label', { for: 'replay-job' }, 'Job id (optional)'), jobId)),
    h('p', {}, h('button', { type: 'submit', id: 'replay-start' }, 'Start replay')),
    submitStatus);
  main.append(...header('Replay', 'Send events of a time range again, or renormalize them with the current rules.'), form,
    h('section', { class: 'panel' }, h('h2', {}, 'Jobs'), jobsBox));

  mode.addEventListener('change', () => {
    topicField.hidden = mode.value !== 'renormalize';
    topic.required = mode.value === 'renormalize';
  });

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const fromIso = isoOf(from);
    const toIso = isoOf(to);
    if (!fromIso || !toIso) {
      replace(submitStatus, message('alert', 'Give both ends of the time range.'));
      return;
    }
    const job = jobId.value.trim() || `console-${new Date().toISOString().replace(/[-:.TZ]/g, '').slice(0, 14)}-${Math.random().toString(36).slice(2, 6)}`;
    const request = { job, from: fromIso, to: toIso, mode: mode.value, sources: list(sources.value), types: list(types.value) };
    if (mode.value === 'renormalize') request.topic = topic.value.trim();
    try {
      const answer = await post('/admin/replay', request);
      replace(submitStatus, message('note', (answer && answer.created === false) ? `Replay job ${answer.job} already exists: nothing new started.` : `Replay job ${(answer && answer.job) || job} accepted.`));
      jobId.value = '';
      refresh();
    } catch (err) {
      if (err.status === 400) replace(submitStatus, message('alert', `Refused: ${err.detail || err.code}`));
      else replace(submitStatus, errorBox(err, 'replays'));
    }
  });

  const controller = new AbortController();
  const refresh = async () => {
    let jobs;
    try {
      const answer = await get('/admin/replay', { signal: controller.signal });
      jobs = (answer && Array.isArray(answer.jobs) ? answer.jobs : [])
        .sort((a, b) => String(b.created_at ?? '').localeCompare(String(a.created_at ?? '')));
    } catch (err) {
      if (err.name === 'AbortError') return;
      replace(jobsBox, errorBox(err, 'replay jobs'));
      return;
    }
    if (jobs.length === 0) {
      replace(jobsBox, h('p', { class: 'muted' }, 'No replay jobs yet.'));
      return;
    }
    replace(jobsBox, h('div', { class: 'table-wrap' }, h('table', { id: 'jobs' },
      h('thead', {}, h('tr', {}, ['Job', 'Mode', 'Range', 'State', 'Progress', 'Written', ''].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, jobs.map((j) => jobRow(j, cancel))))));
  };
  const cancel = async (job) => {
    try {
      await del(`/admin/replay/${seg(job)}`);
      refresh();
    } catch (err) {
      replace(submitStatus, errorBox(err, 'cancelling replays'));
    }
  };
  const stop = poll(refresh, REFRESH_MS);
  return () => {
    stop();
    controller.abort();
  };
}

function list(text) {
  return text.split(',').map((s) => s.trim()).filter(Boolean);
}

function isFinal(state) {
  return ['done', 'cancelled', 'failed'].includes(String(state));
}

/** One job of GET /admin/replay: {job, state, done, total, mode, from, to, matched, written, error}. */
function jobRow(j, cancel) {
  const done = Number(j.done) || 0;
  const total = Number(j.total) || 0;
  const state = String(j.state ?? 'unknown');
  return h('tr', { 'data-job': j.job, 'data-state': state },
    h('td', { class: 'mono wrap' }, String(j.job)),
    h('td', {}, String(j.mode ?? ''), j.topic ? [' → ', h('code', {}, String(j.topic))] : null),
    h('td', {}, dateTime(j.from), ' – ', dateTime(j.to)),
    h('td', { class: `job-state ${state === 'failed' ? 'bad' : ''}` }, state, j.error ? [': ', String(j.error)] : null),
    h('td', {},
      h('progress', { max: Math.max(total, 1), value: total > 0 ? done : (isFinal(state) ? 1 : 0), 'aria-label': `job ${j.job} progress` }),
      h('span', { class: 'job-count' }, ` ${done} / ${total}`)),
    h('td', { class: 'num' }, String(j.written ?? 0), j.matched != null ? h('span', { class: 'muted' }, ` of ${j.matched} matched`) : null),
    h('td', {}, isFinal(state)
      ? null
      : h('button', { type: 'button', class: 'secondary cancel', onclick: () => cancel(j.job) }, 'Cancel')));
}
