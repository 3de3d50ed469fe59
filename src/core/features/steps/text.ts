/**
 * text: bag-of-words features for free text. Tokens = lower-cased runs of Unicode letters and
 * digits (/[\p{L}\p{N}]+/gu; scikit-learn's default pattern instead needs 2+ characters of \w).
 *
 * - tfidf: vocabulary = the top-`width` training tokens by document frequency (ties by token,
 *   code-unit order; scikit-learn's max_features ranks by total term count instead), columns
 *   `<col>:tfidf:<token>` in that order. Value = raw count * idf, idf = ln((1 + n) / (1 + df)) + 1
 *   (smooth_idf), rows l2-normalised: TfidfVectorizer's defaults.
 * - hashing: tokens hashed into `width` slots `<col>#h<slot>` with MurmurHash3 seed 0 and sign
 *   hashing, counts summed, rows l2-normalised: HashingVectorizer's defaults.
 * A missing text is an empty document (an all-zero row); it still counts in n for the idf.
 */
import type { TextStep } from '../../spec/pipeline-types.ts';
import type { FrameColumn } from '../frame.ts';
import type { StepDef } from '../step.ts';
import { byFrequency, checkArity, hashSlot, numericColumn, requireLabel, tokenize } from './util.ts';

export interface TextParams {
  method: NonNullable<TextStep['method']>;
  width: number;
}

export interface TextState {
  columns: { name: string; vocabulary: string[]; idf: number[] }[];
}

function l2Normalise(cols: Float64Array[], n: number): void {
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (const c of cols) s += c[i]! * c[i]!;
    if (s === 0) continue;
    const norm = Math.sqrt(s);
    for (const c of cols) c[i] = c[i]! / norm;
  }
}

export const text: StepDef<TextParams, TextState> = {
  name: 'text',
  describe: 'Turns free text into TF-IDF or hashed token-count columns.',
  defaultSelect: 'text',
  accepts: ['label'],
  defaults: (p) => ({ method: p.method ?? 'tfidf', width: p.width ?? 64 }),
  fit: (p, columns) => ({
    columns: columns.map((c) => {
      const docs = requireLabel('text', c).values;
      if (p.method === 'hashing') return { name: c.name, vocabulary: [], idf: [] };
      const df = new Map<string, number>();
      for (const d of docs) for (const t of new Set(tokenize(d ?? ''))) df.set(t, (df.get(t) ?? 0) + 1);
      const top = byFrequency(df).slice(0, p.width);
      const n = docs.length;
      return { name: c.name, vocabulary: top.map(([t]) => t), idf: top.map(([, k]) => Math.log((1 + n) / (1 + k)) + 1) };
    }),
  }),
  apply: (p, state, columns) => {
    checkArity('text', state.columns.length, columns.length);
    const out: FrameColumn[] = [];
    columns.forEach((c, j) => {
      const docs = requireLabel('text', c).values;
      const n = docs.length;
      const { vocabulary, idf } = state.columns[j]!;
      if (p.method === 'hashing') {
        const cols = Array.from({ length: p.width }, () => new Float64Array(n));
        docs.forEach((d, i) => {
          for (const t of tokenize(d ?? '')) {
            const { slot, sign } = hashSlot(t, p.width);
            cols[slot]![i] = cols[slot]![i]! + sign;
          }
        });
        l2Normalise(cols, n);
        cols.forEach((v, k) => out.push(numericColumn(`${c.name}#h${k}`, v)));
        return;
      }
      const index = new Map(vocabulary.map((t, k) => [t, k]));
      const cols = vocabulary.map(() => new Float64Array(n));
      docs.forEach((d, i) => {
        for (const t of tokenize(d ?? '')) {
          const k = index.get(t);
          if (k !== undefined) cols[k]![i] = cols[k]![i]! + 1;
        }
      });
      cols.forEach((v, k) => {
        const w = idf[k]!;
        for (let i = 0; i < n; i++) v[i] = v[i]! * w;
      });
      l2Normalise(cols, n);
      vocabulary.forEach((t, k) => out.push(numericColumn(`${c.name}:tfidf:${t}`, cols[k]!)));
    });
    return out;
  },
  why: (p) =>
    p.method === 'hashing'
      ? 'Hashed token counts give free text a fixed width with no vocabulary to store.'
      : `TF-IDF over the ${p.width} most common training words weights distinctive words above ubiquitous ones.`,
};
