/**
 * datetime-parts: calendar parts of datetime columns (epoch milliseconds, read in UTC).
 *
 * - Parts: `<col>.year`, `.month` (1-12), `.day` (1-31), `.weekday` (0 = Monday ... 6 = Sunday,
 *   pandas' convention), `.hour` (0-23), `.dayofyear` (1-366).
 * - cyclical: for each requested periodic part, `<col>.<part>_sin` / `_cos` of 2*pi*v/period
 *   with month (v = month - 1, period 12), weekday (7), hour (24), dayofyear (v = day - 1,
 *   period 365.25), so December sits next to January.
 * - elapsed: `<col>.elapsed_days` = (t - earliest training timestamp) / 86,400,000. With no
 *   observed training timestamp the origin is unknown and the column is all NaN.
 * Missing timestamps give NaN in every output. Only columns whose source is 'datetime' are
 * accepted: a plain number is not a timestamp.
 */
import type { DatetimePart } from '../../spec/pipeline-types.ts';
import type { FrameColumn } from '../frame.ts';
import type { StepDef } from '../step.ts';
import { checkArity, invalid, numericColumn, requireNumeric } from './util.ts';

export interface DatetimePartsParams {
  parts: DatetimePart[];
  cyclical: boolean;
  elapsed: boolean;
}

export interface DatetimePartsState {
  columns: { name: string; origin: number | null }[];
}

const DAY_MS = 86_400_000;
const PERIOD: Partial<Record<DatetimePart, number>> = { month: 12, weekday: 7, hour: 24, dayofyear: 365.25 };
const ALL_PARTS: readonly DatetimePart[] = ['year', 'month', 'day', 'weekday', 'hour', 'dayofyear'];

function part(d: Date, p: DatetimePart): number {
  switch (p) {
    case 'year':
      return d.getUTCFullYear();
    case 'month':
      return d.getUTCMonth() + 1;
    case 'day':
      return d.getUTCDate();
    case 'weekday':
      return (d.getUTCDay() + 6) % 7;
    case 'hour':
      return d.getUTCHours();
    case 'dayofyear':
      return Math.floor((Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) - Date.UTC(d.getUTCFullYear(), 0, 1)) / DAY_MS) + 1;
  }
}

/** Position within the cycle, starting at 0. */
function phase(p: DatetimePart, v: number): number {
  return p === 'month' || p === 'dayofyear' ? v - 1 : v;
}

function requireDatetime(c: FrameColumn): Float64Array {
  const col = requireNumeric('datetime-parts', c);
  if (col.source !== 'datetime') throw invalid('steps.datetime-parts', `column "${c.name}" is not a datetime column (it is ${col.source})`);
  return col.values;
}

export const datetimeParts: StepDef<DatetimePartsParams, DatetimePartsState> = {
  name: 'datetime-parts',
  describe: 'Splits timestamps into calendar parts (UTC), cyclical sin/cos encodings and days elapsed.',
  defaultSelect: 'datetime',
  accepts: ['numeric'],
  defaults: (p) => ({ parts: p.parts ?? ['year', 'month', 'day', 'weekday', 'hour'], cyclical: p.cyclical ?? true, elapsed: p.elapsed ?? true }),
  fit: (p, columns) => {
    for (const q of p.parts) if (!ALL_PARTS.includes(q)) throw invalid('steps.datetime-parts.parts', `unknown part "${String(q)}"; use ${ALL_PARTS.join(', ')}`);
    return {
      columns: columns.map((c) => {
        let origin = Infinity;
        for (const t of requireDatetime(c)) if (t < origin) origin = t;
        // + 0 turns -0 into 0, which is what JSON would make of it anyway
        return { name: c.name, origin: Number.isFinite(origin) ? origin + 0 : null };
      }),
    };
  },
  apply: (p, state, columns) => {
    checkArity('datetime-parts', state.columns.length, columns.length);
    const out: FrameColumn[] = [];
    columns.forEach((c, j) => {
      const ts = requireDatetime(c);
      const n = ts.length;
      const values = p.parts.map(() => new Float64Array(n));
      const dates = Array.from(ts, (t) => (Number.isFinite(t) ? new Date(t) : null));
      p.parts.forEach((q, k) => dates.forEach((d, i) => (values[k]![i] = d ? part(d, q) : Number.NaN)));
      p.parts.forEach((q, k) => out.push(numericColumn(`${c.name}.${q}`, values[k]!)));
      if (p.cyclical) {
        p.parts.forEach((q, k) => {
          const period = PERIOD[q];
          if (period === undefined) return;
          const angle = values[k]!.map((v) => (2 * Math.PI * phase(q, v)) / period);
          out.push(numericColumn(`${c.name}.${q}_sin`, angle.map(Math.sin)));
          out.push(numericColumn(`${c.name}.${q}_cos`, angle.map(Math.cos)));
        });
      }
      if (p.elapsed) {
        const origin = state.columns[j]!.origin;
        out.push(numericColumn(`${c.name}.elapsed_days`, ts.map((t) => (origin === null ? Number.NaN : (t - origin) / DAY_MS))));
      }
    });
    return out;
  },
  why: (p) =>
    p.cyclical
      ? 'Models cannot read a raw timestamp; calendar parts expose seasonality, sin/cos keep cycles continuous, and elapsed days carry the trend.'
      : 'Models cannot read a raw timestamp; calendar parts expose seasonality and elapsed days carry the trend.',
};
