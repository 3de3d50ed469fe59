/** Tiny scale helpers for hand-written SVG charts. */

/** About `count` round tick values covering [min, max] (1, 2, 5 × 10^k steps). */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (min === max) {
    const pad = Math.abs(min) * 0.1 || 1;
    min -= pad;
    max += pad;
  }
  const raw = (max - min) / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const norm = raw / mag;
  const step = (norm >= 5 ? 10 : norm >= 2 ? 5 : norm >= 1 ? 2 : 1) * mag;
  const start = Math.floor(min / step) * step;
  const stop = Math.ceil(max / step) * step;
  const ticks: number[] = [];
  // From an integer index, not by repeated addition, and with the residue at zero snapped away:
  // -0.6 + 3 * 0.2 is -5.6e-17, which toPrecision keeps and a label would print.
  const steps = Math.round((stop - start) / step);
  for (let i = 0; i <= steps; i++) {
    const v = start + i * step;
    ticks.push(Math.abs(v) < step * 1e-9 ? 0 : Number(v.toPrecision(12)));
  }
  return ticks;
}

/** Integer ticks for an epoch axis 1..n. */
export function epochTicks(n: number, count = 6): number[] {
  if (n <= 1) return [1];
  const raw = (n - 1) / count;
  const mag = 10 ** Math.floor(Math.log10(Math.max(1, raw)));
  const norm = raw / mag;
  const step = Math.max(1, (norm > 5 ? 10 : norm > 2 ? 5 : norm > 1 ? 2 : 1) * mag);
  const ticks: number[] = [1];
  for (let v = step; v <= n; v += step) if (v > 1) ticks.push(v);
  return ticks;
}

export function linear(d0: number, d1: number, r0: number, r1: number): (v: number) => number {
  const k = d1 === d0 ? 0 : (r1 - r0) / (d1 - d0);
  return (v) => r0 + (v - d0) * k;
}
