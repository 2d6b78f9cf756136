// Per-minute counts as a small SVG column chart: hand-written, no chart library needed for 60 bars.

const NS = 'http://www.w3.org/2000/svg';

/**
 * An SVG of one bar per value (oldest first), scaled to the largest value. label names the series
 * for screen readers (role=img + <title>); colour is a CSS colour.
 */
export function sparkline(values, label, colour) {
  const n = Math.max(values.length, 1);
  const w = n * 4;
  const hgt = 28;
  const max = Math.max(1, ...values);
  const svg = document.createElementNS(NS, 'svg');
  svg.setAttribute('class', 'spark');
  svg.setAttribute('viewBox', `0 0 ${w} ${hgt}`);
  svg.setAttribute('preserveAspectRatio', 'none');
  svg.setAttribute('role', 'img');
  const total = values.reduce((a, b) => a + b, 0);
  const title = document.createElementNS(NS, 'title');
  title.textContent = `${label}: ${total} in the last ${values.length} minutes, at most ${Math.max(0, ...values)} in a minute`;
  svg.append(title);
  values.forEach((v, i) => {
    if (v <= 0) return;
    const bh = Math.max(1.5, (v / max) * (hgt - 2));
    const r = document.createElementNS(NS, 'rect');
    r.setAttribute('x', String(i * 4 + 0.5));
    r.setAttribute('y', String(hgt - bh));
    r.setAttribute('width', '3');
    r.setAttribute('height', String(bh));
    r.setAttribute('fill', colour);
    r.setAttribute('data-value', String(v));
    svg.append(r);
  });
  return svg;
}
