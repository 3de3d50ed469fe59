import type { TargetData } from './target-context.ts';
import { percent, quote } from './target-context.ts';

export interface ClassCount {
  code: number;
  label: string;
  count: number;
  share: number;
}

/** Classes of a classification target, largest first (ties in label order). */
export function classTable(target: TargetData): ClassCount[] {
  const out: ClassCount[] = [];
  for (let c = 1; c <= target.encoded.k; c++) {
    const count = target.counts[c]!;
    out.push({ code: c, label: target.encoded.label(c), count, share: count / target.present });
  }
  return out.sort((a, b) => b.count - a.count || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
}

/** '"no" 988 (98.8%), "yes" 12 (1.2%)', listing at most `max` classes. */
export function describeClasses(classes: readonly ClassCount[], max = 12): string {
  const shown = classes.slice(0, max).map((c) => `${quote(c.label)} ${c.count.toLocaleString('en-US')} (${percent(c.share)})`);
  if (classes.length > max) shown.push(`and ${classes.length - max} more`);
  return shown.join(', ');
}
