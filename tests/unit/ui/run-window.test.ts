/** The runs table's windowing: which rows to render for a scroll position, with an open detail panel. */
import { describe, expect, it } from 'vitest';
import { itemTop, windowRange } from '../../../src/ui/components/runs/run-window.ts';

const base = { rowHeight: 40, count: 1000, overscan: 5, viewport: 400, header: 40 };

describe('windowRange', () => {
  it('renders the rows in view plus overscan, and pads the rest', () => {
    const w = windowRange({ ...base, scrollTop: 0 });
    expect(w.start).toBe(0);
    expect(w.end).toBe(16); // rows 0..10 in view (400 px), + 5
    expect(w.padTop).toBe(0);
    expect(w.total).toBe(40_000);
    expect(w.padTop + (w.end - w.start) * 40 + w.padBottom).toBe(w.total);
  });

  it('in the middle: start and end move with the scroll position', () => {
    const w = windowRange({ ...base, scrollTop: 40 + 500 * 40 });
    expect(w.start).toBe(495);
    expect(w.end).toBe(516);
    expect(w.padTop).toBe(495 * 40);
    expect(w.padTop + (w.end - w.start) * 40 + w.padBottom).toBe(w.total);
  });

  it('at the end it stops at the last row', () => {
    const w = windowRange({ ...base, scrollTop: 10_000_000 });
    expect(w.end).toBe(1000);
    expect(w.padBottom).toBe(0);
  });

  it('an open panel above the window is in the top padding; one inside is rendered', () => {
    const expanded = { index: 3, height: 300 };
    const below = windowRange({ ...base, scrollTop: 40 + 100 * 40 + 300, expanded });
    expect(below.start).toBe(95);
    expect(below.padTop).toBe(95 * 40 + 300);
    expect(below.padTop + (below.end - below.start) * 40 + below.padBottom).toBe(below.total);
    const inside = windowRange({ ...base, scrollTop: 0, expanded });
    // The panel takes 300 of the 400 px: fewer rows are in view.
    expect(inside.end).toBeLessThan(16);
    expect(inside.padTop + (inside.end - inside.start) * 40 + 300 + inside.padBottom).toBe(inside.total);
  });

  it('no rows: nothing to render', () => {
    expect(windowRange({ ...base, count: 0, scrollTop: 0 })).toEqual({ start: 0, end: 0, padTop: 0, padBottom: 0, total: 0 });
  });
});

describe('itemTop', () => {
  it('adds the panel height to rows below it only', () => {
    expect(itemTop(3, 40, { index: 3, height: 100 })).toBe(120);
    expect(itemTop(4, 40, { index: 3, height: 100 })).toBe(260);
  });
});
