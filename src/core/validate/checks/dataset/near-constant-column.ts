import type { CheckRule, Finding } from '../../types.ts';
import { countsOf, modeOf, numbersOf, summaryOf } from './column-facts.ts';
import { num, percent, quote } from './format.ts';

/** The most frequent value covers at least this share of the present cells. */
export const NEAR_CONSTANT_SHARE = 0.995;
/** ... or a numeric column's standard deviation is below this fraction of |mean| (it varies only in far digits). */
export const NEAR_CONSTANT_CV = 1e-6;

export const nearConstantColumn: CheckRule = {
  code: 'near_constant_column',
  severity: 'info',
  why: 'A column that almost never changes carries little signal, and the few odd rows may be errors or a separate case worth a look.',
  scope: 'dataset',
  run(ctx) {
    const out: Finding[] = [];
    for (const info of ctx.columns) {
      const s = summaryOf(ctx.table, info);
      const c = countsOf(s);
      if (c.distinct < 2) continue;
      const mode = modeOf(s);
      const share = mode ? mode.count / c.count : 0;
      const n = s.kind === 'numeric' ? numbersOf(s) : null;
      const cv = n && n.mean !== 0 && Number.isFinite(n.std) ? n.std / Math.abs(n.mean) : Infinity;
      if (mode && share >= NEAR_CONSTANT_SHARE) {
        out.push({
          code: nearConstantColumn.code,
          severity: nearConstantColumn.severity,
          columns: [info.name],
          message: `"${info.name}" is ${quote(mode.value)} in ${percent(share)} of its present cells; only ${(c.count - mode.count).toLocaleString('en-US')} differ.`,
          why: nearConstantColumn.why,
          details: { value: mode.value, topShare: share, others: c.count - mode.count },
        });
      } else if (n && cv < NEAR_CONSTANT_CV) {
        out.push({
          code: nearConstantColumn.code,
          severity: nearConstantColumn.severity,
          columns: [info.name],
          message: `"${info.name}" varies by a standard deviation of ${num(n.std)} around a mean of ${num(n.mean)} (relative ${cv.toExponential(1)}): effectively constant.`,
          why: nearConstantColumn.why,
          details: { std: n.std, mean: n.mean, relativeStd: cv },
        });
      }
    }
    return out;
  },
};
