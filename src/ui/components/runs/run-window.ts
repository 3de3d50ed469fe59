/**
 * Which rows of a long, fixed-row-height list to render for a scroll position, with overscan.
 * One item may be followed by an expanded detail panel of any height (measured by the caller).
 */
export interface WindowInput {
  scrollTop: number;
  /** Height of the scroll box (before it is measured: a guess). */
  viewport: number;
  rowHeight: number;
  count: number;
  overscan: number;
  /** Height above the first row inside the scroll box (the sticky header). */
  header?: number;
  /** Index of the item whose detail panel is open, and that panel's height. */
  expanded?: { index: number; height: number } | null;
}

export interface WindowRange {
  /** First item to render. */
  start: number;
  /** One past the last item to render. */
  end: number;
  /** Space above `start` and below `end - 1` (including the panel when it is out of the window). */
  padTop: number;
  padBottom: number;
  /** Height of all items (and the panel). */
  total: number;
}

/** Top of item i in the list (below the header). */
export function itemTop(i: number, rowHeight: number, expanded?: { index: number; height: number } | null): number {
  return i * rowHeight + (expanded && expanded.index < i ? expanded.height : 0);
}

/** Item at list position y (below the header); the panel belongs to the row it opens under. */
function itemAt(y: number, rowHeight: number, count: number, expanded?: { index: number; height: number } | null): number {
  let i: number;
  if (!expanded || y < (expanded.index + 1) * rowHeight) i = Math.floor(y / rowHeight);
  else if (y < (expanded.index + 1) * rowHeight + expanded.height) i = expanded.index;
  else i = Math.floor((y - expanded.height) / rowHeight);
  return Math.min(Math.max(0, i), Math.max(0, count - 1));
}

export function windowRange(input: WindowInput): WindowRange {
  const { rowHeight, count, overscan } = input;
  const expanded = input.expanded && input.expanded.index >= 0 && input.expanded.index < count ? input.expanded : null;
  const total = count * rowHeight + (expanded ? expanded.height : 0);
  if (count === 0) return { start: 0, end: 0, padTop: 0, padBottom: 0, total };
  const y0 = Math.max(0, input.scrollTop - (input.header ?? 0));
  const y1 = y0 + Math.max(rowHeight, input.viewport);
  const start = Math.max(0, itemAt(y0, rowHeight, count, expanded) - overscan);
  const end = Math.min(count, itemAt(y1, rowHeight, count, expanded) + 1 + overscan);
  const padTop = itemTop(start, rowHeight, expanded);
  const padBottom = total - itemTop(end, rowHeight, expanded);
  return { start, end, padTop, padBottom: Math.max(0, padBottom), total };
}
