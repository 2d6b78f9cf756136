// The admin API client. The admin token lives in sessionStorage only (gone when the tab closes),
// travels only in the Authorization header, and is never written to the URL or the console.

const TOKEN_KEY = 'sluice.admin-token';
const unauthorizedListeners = [];

/** An answer other than 2xx, or no answer: status 0 when the server could not be reached. */
export class ApiError extends Error {
  constructor(status, code, detail) {
    super(detail ? `${code}: ${detail}` : code);
    this.status = status;
    this.code = code;
    this.detail = detail || '';
  }

  /** True when the server has no such route (an endpoint this server version does not offer). */
  get notAvailable() {
    return (this.status === 404 || this.status === 405 || this.status === 501)
      && !['unknown_event', 'unknown_source', 'unknown_job', 'unknown_topic'].includes(this.code);
  }
}

export function token() {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function setToken(value) {
  sessionStorage.setItem(TOKEN_KEY, value);
}

export function clearToken() {
  sessionStorage.removeItem(TOKEN_KEY);
}

/** Called with the error when any call answers 401: the token is wrong, expired or revoked. */
export function onUnauthorized(listener) {
  unauthorizedListeners.push(listener);
}

/**
 * Calls the admin API and returns the parsed JSON answer (null for an empty body).
 * Throws ApiError for any non-2xx answer; AbortError passes through.
 */
export async function api(method, path, body, { signal, tokenValue } = {}) {
  const headers = { Accept: 'application/json', Authorization: `Bearer ${tokenValue ?? token() ?? ''}` };
  const init = { method, headers, signal, cache: 'no-store', credentials: 'omit' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch(path, init);
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, 'unreachable', 'the admin server did not answer');
  }
  const text = await res.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!res.ok) {
    const err = new ApiError(res.status, (json && json.error) || `http_${res.status}`, json && json.detail);
    if (res.status === 401 && tokenValue === undefined) unauthorizedListeners.forEach((l) => l(err));
    throw err;
  }
  return json;
}

export const get = (path, opts) => api('GET', path, undefined, opts);
export const post = (path, body, opts) => api('POST', path, body, opts);
export const del = (path, opts) => api('DELETE', path, undefined, opts);

/** Encodes one path segment. */
export const seg = (s) => encodeURIComponent(s);
