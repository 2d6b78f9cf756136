// Byte-exact JSON pieces. JSON.parse + JSON.stringify would re-serialize a payload (number forms,
// escapes): a signature over that would not match the provider's bytes, and an id derived from
// the body would change. So the payload's own text is cut out of the event's JSON instead.

/**
 * The exact source text of a top-level member's value in a JSON object text, or null when the
 * text is not an object or has no such member.
 */
export function rawMember(text, key) {
  let i = skipWs(text, 0);
  if (text[i] !== '{') return null;
  i += 1;
  for (;;) {
    i = skipWs(text, i);
    if (text[i] === '}') return null;
    if (text[i] !== '"') return null;
    const keyEnd = stringEnd(text, i);
    if (keyEnd < 0) return null;
    let name;
    try {
      name = JSON.parse(text.slice(i, keyEnd));
    } catch {
      return null;
    }
    i = skipWs(text, keyEnd);
    if (text[i] !== ':') return null;
    const start = skipWs(text, i + 1);
    const end = valueEnd(text, start);
    if (end < 0) return null;
    if (name === key) return text.slice(start, end);
    i = skipWs(text, end);
    if (text[i] === ',') i += 1;
    else return null;
  }
}

function skipWs(t, i) {
  while (i < t.length && (t[i] === ' ' || t[i] === '\t' || t[i] === '\n' || t[i] === '\r')) i += 1;
  return i;
}

/** Index just after the string starting at i (a quote), or -1. */
function stringEnd(t, i) {
  for (let j = i + 1; j < t.length; j += 1) {
    if (t[j] === '\\') j += 1;
    else if (t[j] === '"') return j + 1;
  }
  return -1;
}

/** Index just after the value starting at i, or -1. */
function valueEnd(t, i) {
  if (t[i] === '"') return stringEnd(t, i);
  if (t[i] === '{' || t[i] === '[') {
    let depth = 0;
    for (let j = i; j < t.length; j += 1) {
      const c = t[j];
      if (c === '"') {
        j = stringEnd(t, j) - 1;
        if (j < 0) return -1;
      } else if (c === '{' || c === '[') depth += 1;
      else if (c === '}' || c === ']') {
        depth -= 1;
        if (depth === 0) return j + 1;
      }
    }
    return -1;
  }
  let j = i;
  while (j < t.length && !',}] \t\r\n'.includes(t[j])) j += 1;
  return j > i ? j : -1;
}

/** Decodes base64 to text (UTF-8). */
export function base64Text(b64) {
  const bin = atob(b64);
  const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}
