import { parseDatetime } from '../../../data/parse-datetime.ts';
import { parseNumber } from '../../../data/parse-number.ts';
import { encodeLabels, type LabelCodes } from '../../profile/label-codes.ts';
import type { CheckRule, Finding } from '../../types.ts';
import { MAX_EXAMPLE_ROWS } from './column-facts.ts';
import { percent, quote } from './format.ts';

/** A label column is mixed when more than this share of its values parse as numbers (or dates), but not all. */
export const MIXED_MIN_SHARE = 0.05;
/** From this share on the numbers are the rule and the rest look like typos or units: warning. */
export const MIXED_WARNING_SHARE = 0.5;
const EXAMPLES = 3;

type Parsed = 'number' | 'date';

/**
 * A label (categorical/text) column whose values are partly numbers or dates: '12 kg' among
 * '12.5', 'n/a?' among dates. Shares come from ColumnInfo.evidence when ingest recorded it,
 * else from the values themselves.
 */
export const mixedTypes: CheckRule = {
  code: 'mixed_types',
  severity: 'warning',
  why: 'A column that is mostly numbers but has a few other spellings is read as text, so its numeric meaning is lost; the odd values are usually typos or units.',
  scope: 'dataset',
  run(ctx) {
    const out: Finding[] = [];
    for (const info of ctx.columns) {
      if (info.kind !== 'categorical' && info.kind !== 'text') continue;
      const known = info.evidence;
      if (known && !isMixed(known.numeric) && !isMixed(known.datetime)) continue;
      const labels = encodeLabels(ctx.table, info.name);
      const numeric = known?.numeric ?? shareOf(labels, 'number');
      const datetime = known?.datetime ?? shareOf(labels, 'date');
      const as: Parsed | null = isMixed(numeric) && numeric >= datetime ? 'number' : isMixed(datetime) ? 'date' : null;
      if (!as) continue;
      const share = as === 'number' ? numeric : datetime;
      const mostly = share >= MIXED_WARNING_SHARE;
      const odd = examples(labels, as, !mostly);
      const usual = examples(labels, as, mostly);
      const noun = as === 'number' ? 'numbers' : 'dates';
      out.push({
        code: mixedTypes.code,
        severity: mostly ? 'warning' : 'info',
        columns: [info.name],
        message: mostly
          ? `"${info.name}" is ${percent(share)} ${noun} (e.g. ${usual.values.map((v) => quote(v)).join(', ')}) but ${percent(1 - share)} are not (e.g. ${odd.values.map((v) => quote(v)).join(', ')}): fix those values or strip units so it can be read as ${noun}.`
          : `"${info.name}" mixes ${noun} (${percent(share)}, e.g. ${odd.values.map((v) => quote(v)).join(', ')}) with other labels (e.g. ${usual.values.map((v) => quote(v)).join(', ')}).`,
        why: mixedTypes.why,
        rows: odd.rows,
        details: { parsedAs: noun, share, examples: odd.values.join(' | ') },
      });
    }
    return out;
  },
};

const isMixed = (share: number): boolean => share > MIXED_MIN_SHARE && share < 1;

/**
 * Cheap first-character test before the parsers' regular expressions: a number starts with a
 * digit, sign or point, a date with a digit (after leading spaces). Most free text fails it at once.
 */
function mayParse(v: string, as: Parsed): boolean {
  // trimStart, as the parsers trim: it also drops no-break and other Unicode spaces.
  const c = v.trimStart().charCodeAt(0);
  const digit = c >= 48 && c <= 57;
  return as === 'number' ? digit || c === 43 || c === 45 || c === 46 : digit;
}

const parses = (v: string, as: Parsed): boolean =>
  mayParse(v, as) && (as === 'number' ? parseNumber(v) !== null : parseDatetime(v) !== null);

function shareOf(labels: LabelCodes, as: Parsed): number {
  let hit = 0;
  let all = 0;
  labels.values.forEach((v, c) => {
    const k = labels.counts[c] as number;
    all += k;
    if (parses(v, as)) hit += k;
  });
  return all > 0 ? hit / all : 0;
}

/** The most frequent values that do (`parsing`) or do not parse, and the first rows holding any such value. */
function examples(labels: LabelCodes, as: Parsed, parsing: boolean): { values: string[]; rows: number[] } {
  const matching = labels.values.map((v, c) => ({ v, c, k: labels.counts[c] as number })).filter((e) => parses(e.v, as) === parsing);
  const wanted = new Uint8Array(labels.values.length);
  for (const e of matching) wanted[e.c] = 1;
  const values = matching
    .sort((a, b) => b.k - a.k || (a.v < b.v ? -1 : a.v > b.v ? 1 : 0))
    .slice(0, EXAMPLES)
    .map((e) => e.v);
  const rows: number[] = [];
  for (let i = 0; i < labels.codes.length && rows.length < MAX_EXAMPLE_ROWS; i++) {
    const c = labels.codes[i] as number;
    if (c >= 0 && wanted[c] === 1) rows.push(i);
  }
  return { values, rows };
}
