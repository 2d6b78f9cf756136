// DOM helpers. Everything that comes from the server is inserted as text (text nodes,
// textContent, setAttribute), never parsed as HTML: an event id such as
// "<img src=x onerror=alert(1)>" shows as those characters.

/**
 * Creates an element. attrs: plain attributes (set with setAttribute), "class", "on<event>"
 * handlers, and "hidden"/"disabled" booleans. Children: nodes, strings (text nodes), numbers,
 * arrays, and null/undefined/false (skipped).
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  append(el, children);
  return el;
}

/** Appends children (see h) to a parent. */
export function append(parent, children) {
  for (const c of [children].flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    parent.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return parent;
}

/** Replaces all children of a parent. */
export function replace(parent, ...children) {
  parent.replaceChildren();
  return append(parent, children);
}

/** A message box: kind "alert" (errors) or "note". role=alert/status makes screen readers say it. */
export function message(kind, ...text) {
  return h('div', { class: kind, role: kind === 'alert' ? 'alert' : 'status' }, ...text);
}

/** A time as local HH:MM:SS with the full ISO instant as tooltip. */
export function time(value) {
  if (value === null || value === undefined || value === '') return h('span', { class: 'muted' }, '—');
  const d = typeof value === 'number' ? new Date(value) : new Date(String(value));
  if (Number.isNaN(d.getTime())) return h('span', {}, String(value));
  const iso = d.toISOString();
  return h('time', { datetime: iso, title: iso }, d.toLocaleTimeString([], { hour12: false }));
}

/** A date-time as local "YYYY-MM-DD HH:MM:SS". */
export function dateTime(value) {
  if (value === null || value === undefined || value === '') return h('span', { class: 'muted' }, '—');
  const d = typeof value === 'number' ? new Date(value) : new Date(String(value));
  if (Number.isNaN(d.getTime())) return h('span', {}, String(value));
  const pad = (n) => String(n).padStart(2, '0');
  const text = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  return h('time', { datetime: d.toISOString(), title: d.toISOString() }, text);
}

/** A table with a header row; rows are arrays of cells (nodes or text). */
export function table(caption, headers, rows, numeric = []) {
  return h('div', { class: 'table-wrap' },
    h('table', {},
      caption ? h('caption', { class: 'sr-only' }, caption) : null,
      h('thead', {}, h('tr', {}, headers.map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, rows.map((r) => h('tr', {}, r.map((c, i) => h('td', { class: numeric.includes(i) ? 'num' : null }, c)))))));
}

/** The hash link to an event's detail page. */
export function eventHref(source, id) {
  return `#/events/${encodeURIComponent(source)}/${encodeURIComponent(id)}`;
}
