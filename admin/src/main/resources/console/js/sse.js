// Server-Sent Events over fetch(): unlike EventSource, fetch can send the stream token in an
// Authorization header, so no token ever sits in a URL (where logs and history keep it).
// Reconnects after a drop and resumes right after the last event seen (Last-Event-ID).

const MAX_RETRY_MS = 15000;

/** Parses an SSE byte stream (decoded to text) into events, per the WHATWG EventSource rules. */
export class SseParser {
  constructor(onEvent, onRetry) {
    this.onEvent = onEvent;
    this.onRetry = onRetry || (() => {});
    this.buffer = '';
    this.reset();
  }

  reset() {
    this.data = [];
    this.type = '';
    this.id = null;
  }

  push(chunk) {
    this.buffer += chunk;
    let m;
    // a line ends at CRLF, LF or CR; a CR at the very end may be half of a CRLF: wait for more
    while ((m = /\r\n|\n|\r(?!$)/.exec(this.buffer)) !== null) {
      const line = this.buffer.slice(0, m.index);
      this.buffer = this.buffer.slice(m.index + m[0].length);
      this.line(line);
    }
  }

  line(line) {
    if (line === '') {
      if (this.data.length > 0 || this.id !== null) {
        this.onEvent({ id: this.id, type: this.type || 'message', data: this.data.join('\n') });
      }
      this.reset();
      return;
    }
    if (line.startsWith(':')) return; // comment: heartbeat
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.data.push(value);
    else if (field === 'event') this.type = value;
    else if (field === 'id' && !value.includes('\0')) this.id = value;
    else if (field === 'retry' && /^\d+$/.test(value)) this.onRetry(Number(value));
  }
}

/**
 * A resumable stream of one URL. tokens: { get(): Promise<string>, invalidate() } gives a bearer
 * token (minted anew after a 401). onEvent({id, type, data}); onState(state, detail) with state
 * "connecting" | "open" | "reconnecting" | "gap" (resuming was impossible: events may be missing)
 * | "error" | "stopped".
 */
export class ResumableStream {
  constructor({ url, tokens, onEvent, onState, cursor = null, startAt = 'latest' }) {
    this.url = url;
    this.tokens = tokens;
    this.onEvent = onEvent;
    this.onState = onState || (() => {});
    this.cursor = cursor;
    this.startAt = startAt;
    this.retryMs = 1000;
    this.controller = null;
    this.running = false;
  }

  start() {
    if (this.running) return;
    this.running = true;
    this.controller = new AbortController();
    this.loop(this.controller.signal);
  }

  /** Stops reading; the cursor stays, so start() resumes right after the last event. */
  stop() {
    this.running = false;
    if (this.controller) this.controller.abort();
    this.onState('stopped');
  }

  async loop(signal) {
    let failures = 0;
    while (this.running && !signal.aborted) {
      this.onState(failures === 0 ? 'connecting' : 'reconnecting');
      try {
        const ok = await this.readOnce(signal);
        failures = ok ? 0 : failures + 1;
      } catch (e) {
        if (signal.aborted) return;
        failures += 1;
        this.onState('reconnecting', e.message);
      }
      if (!this.running || signal.aborted) return;
      const wait = failures === 0 ? this.retryMs : Math.min(MAX_RETRY_MS, this.retryMs * 2 ** Math.min(failures, 4));
      await sleep(wait, signal);
    }
  }

  /** One connection: true when it opened and was then closed by the server (a normal drop). */
  async readOnce(signal) {
    const token = await this.tokens.get();
    const headers = { Accept: 'text/event-stream', Authorization: `Bearer ${token}` };
    let url = this.url;
    if (this.cursor) headers['Last-Event-ID'] = this.cursor;
    else url += (url.includes('?') ? '&' : '?') + `since=${encodeURIComponent(this.startAt)}`;
    const res = await fetch(url, { headers, signal, cache: 'no-store', credentials: 'omit' });
    if (res.status === 401) {
      this.tokens.invalidate();
      await res.body?.cancel();
      this.onState('reconnecting', 'stream token expired; minting a new one');
      return false;
    }
    if (!res.ok) {
      let body = {};
      try {
        body = await res.json();
      } catch { /* not JSON */ }
      if (res.status === 400 && body.error === 'invalid_cursor' && this.cursor) {
        // the server cannot resume this cursor (restarted without SLUICE_STREAM_KEY): say so and
        // go on with new events rather than replay the topic or stop
        this.cursor = null;
        this.startAt = 'latest';
        this.onState('gap', 'the server no longer knows where this stream stood (it restarted); continuing with new events, so some may be missing here');
        return false;
      }
      this.onState('error', body.detail ? `${body.error}: ${body.detail}` : body.error || `HTTP ${res.status}`);
      return false;
    }
    this.onState('open');
    const parser = new SseParser((ev) => {
      if (ev.id !== null && ev.id !== '') this.cursor = ev.id;
      if (ev.data !== '' || ev.type !== 'message') this.onEvent(ev);
    }, (ms) => { this.retryMs = ms; });
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      parser.push(value);
    }
    this.onState('reconnecting', 'the stream closed');
    return true;
  }
}

function sleep(ms, signal) {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => { clearTimeout(t); resolve(); }, { once: true });
  });
}
