// Shared page pieces: error and "not available" states, polling.
import { h, message } from '../dom.js';
import { ApiError } from '../api.js';

/** The message shown for a failed call; 401 is handled globally (back to log-in). */
export function errorBox(err, what) {
  if (err instanceof ApiError && err.notAvailable) {
    return message('note', `Not available: this server does not offer ${what} yet.`);
  }
  if (err instanceof ApiError && err.status === 403) {
    return message('alert', `Your token lacks the scope needed for ${what}.`);
  }
  if (err instanceof ApiError && err.status === 0) {
    return message('alert', 'The admin server did not answer. Retrying…');
  }
  return message('alert', `Could not load ${what}: ${err.message}`);
}

/**
 * Calls fn now and then every ms while the page is shown; returns the stop function. A call
 * still running when the next is due is not doubled.
 */
export function poll(fn, ms) {
  let stopped = false;
  let timer = null;
  const tick = async () => {
    if (stopped) return;
    try {
      await fn();
    } finally {
      if (!stopped) timer = setTimeout(tick, ms);
    }
  };
  tick();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

/** A heading plus an optional line under it. */
export function header(title, sub) {
  return [h('h1', {}, title), sub ? h('p', { class: 'muted' }, sub) : null];
}
