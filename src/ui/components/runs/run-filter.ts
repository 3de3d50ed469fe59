/**
 * The runs table's filter box. Terms separated by spaces must all hold:
 *
 *   free text          gbdt penguins "my notes"   words anywhere in the run (id, dataset, model, tags, notes…)
 *   field op value     model.kind = gbdt, roc_auc > 0.9, training.earlyStopping.patience >= 5
 *   tag:name           tag:baseline, tag:"two words"
 *   -term              not: -tag:draft, -failed
 *
 * Operators: = != > >= < <= and ~ (contains). A field is a column key (`model.hiddenLayers`), a
 * metric's name (`roc_auc` = `metrics.roc_auc`), a short name (`model` = `model.kind`) or the
 * last part of a parameter's key when only one parameter ends so (`rounds` = `model.rounds`).
 * Runs without the field never match, except with !=. `started` compares dates (2025-01-31),
 * `duration` seconds (or 500ms, 2min). A bad expression is reported, never thrown.
 */
import type { CellValue, ColumnType, FlatRun, RunColumn } from './run-fields.ts';

export type FilterOp = '=' | '!=' | '>' | '>=' | '<' | '<=' | '~';

export type FilterClause =
  | { kind: 'text'; text: string; negate: boolean }
  | { kind: 'tag'; tag: string; negate: boolean }
  | { kind: 'compare'; key: string; type: ColumnType; op: FilterOp; value: string; num?: number; negate: boolean };

export type ParsedFilter = { ok: true; clauses: FilterClause[] } | { ok: false; error: string; position: number };

/** Shown by the filter box: the grammar in one line. */
export const FILTER_HELP =
  'Words match anywhere; field op value compares (model.kind = gbdt, roc_auc > 0.9; operators = != > >= < <= ~); tag:name finds a tag; a leading - negates a term.';

const ALIASES: Readonly<Record<string, string>> = {
  model: 'model.kind',
  kind: 'model.kind',
  tag: 'tags',
  date: 'started',
  time: 'started',
  metric: 'main',
  data: 'dataset',
};

type Token = { kind: 'word' | 'quoted'; text: string; pos: number } | { kind: 'op'; op: FilterOp; pos: number };

const OP_CHARS = new Set(['=', '!', '<', '>', '~']);

function tokenize(input: string): Token[] | { error: string; position: number } {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '"') {
      const end = input.indexOf('"', i + 1);
      if (end < 0) return { error: `The quote at character ${i + 1} is not closed: add a " after the words.`, position: i };
      tokens.push({ kind: 'quoted', text: input.slice(i + 1, end), pos: i });
      i = end + 1;
      continue;
    }
    if (OP_CHARS.has(c)) {
      const two = input.slice(i, i + 2);
      if (two === '>=' || two === '<=' || two === '!=' || two === '==') {
        tokens.push({ kind: 'op', op: two === '==' ? '=' : two, pos: i });
        i += 2;
      } else if (c === '!') {
        return { error: `"!" at character ${i + 1} is not an operator: write != for "not equal", or -term to leave out matches.`, position: i };
      } else {
        tokens.push({ kind: 'op', op: c as FilterOp, pos: i });
        i++;
      }
      continue;
    }
    let j = i;
    while (j < input.length && !/\s/.test(input[j]!) && input[j] !== '"' && !OP_CHARS.has(input[j]!)) j++;
    // `tag:"two words"`: the quote belongs to the tag.
    if (input.slice(i, j).toLowerCase() === 'tag:' && input[j] === '"') {
      const end = input.indexOf('"', j + 1);
      if (end < 0) return { error: `The quote at character ${j + 1} is not closed: add a " after the tag.`, position: j };
      tokens.push({ kind: 'word', text: `tag:${input.slice(j + 1, end)}`, pos: i });
      i = end + 1;
      continue;
    }
    tokens.push({ kind: 'word', text: input.slice(i, j), pos: i });
    i = j;
  }
  return tokens;
}

type Resolved = { key: string; type: ColumnType } | { error: string };

/** A field name as the user typed it -> the column it means. */
export function resolveField(name: string, columns: readonly Pick<RunColumn, 'key' | 'type'>[]): Resolved {
  const lower = name.toLowerCase();
  const byKey = new Map(columns.map((c) => [c.key.toLowerCase(), c]));
  const hit = byKey.get(lower) ?? byKey.get(`metrics.${lower}`) ?? (ALIASES[lower] ? byKey.get(ALIASES[lower]) : undefined);
  if (hit) return { key: hit.key, type: hit.type };
  const suffix = columns.filter((c) => c.key.toLowerCase().endsWith(`.${lower}`));
  if (suffix.length === 1) return { key: suffix[0]!.key, type: suffix[0]!.type };
  if (suffix.length > 1)
    return { error: `"${name}" could mean ${suffix.slice(0, 4).map((c) => c.key).join(', ')}${suffix.length > 4 ? '…' : ''}: write the full name.` };
  const near = columns.filter((c) => c.key.toLowerCase().includes(lower)).slice(0, 3);
  const hint = near.length > 0 ? `Did you mean ${near.map((c) => c.key.replace(/^metrics\./, '')).join(', ')}?` : 'Pick a column name from the column chooser, or a metric such as accuracy.';
  return { error: `No field "${name}" in these runs. ${hint}` };
}

/** Seconds by default; "500ms", "2min", "1h" too. */
function parseDuration(text: string): number | undefined {
  const m = /^(-?\d+(?:\.\d+)?)(ms|s|sec|min|m|h)?$/i.exec(text.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = (m[2] ?? 's').toLowerCase();
  const scale = unit === 'ms' ? 1 : unit === 'min' || unit === 'm' ? 60_000 : unit === 'h' ? 3_600_000 : 1000;
  return n * scale;
}

function parseNumber(text: string): number | undefined {
  if (text.trim() === '') return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

/** The value of a comparison as a number for its column: dates for `started`, durations in ms. */
function comparable(type: ColumnType, value: string): number | undefined {
  if (type === 'time') {
    const n = parseNumber(value);
    if (n !== undefined) return n;
    const t = Date.parse(value);
    return Number.isNaN(t) ? undefined : t;
  }
  if (type === 'duration') return parseDuration(value);
  return parseNumber(value);
}

const ORDER_OPS: ReadonlySet<FilterOp> = new Set(['>', '>=', '<', '<=']);

export function parseRunFilter(input: string, columns: readonly Pick<RunColumn, 'key' | 'type'>[]): ParsedFilter {
  const tokens = tokenize(input);
  if (!Array.isArray(tokens)) return { ok: false, ...tokens };
  const clauses: FilterClause[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind === 'op')
      return { ok: false, error: `"${t.op}" at character ${t.pos + 1} needs a field before it, e.g. roc_auc ${t.op} 0.9.`, position: t.pos };
    let text = t.text;
    let negate = false;
    if (t.kind === 'word' && text.startsWith('-') && text.length > 1 && parseNumber(text) === undefined) {
      negate = true;
      text = text.slice(1);
    }
    const next = tokens[i + 1];
    if (t.kind === 'word' && next?.kind === 'op') {
      const value = tokens[i + 2];
      if (!value || value.kind === 'op')
        return { ok: false, error: `"${next.op}" at character ${next.pos + 1} needs a value after it, e.g. ${text} ${next.op} 0.9.`, position: next.pos };
      const field = resolveField(text, columns);
      if ('error' in field) return { ok: false, error: field.error, position: t.pos };
      const clause: FilterClause = { kind: 'compare', key: field.key, type: field.type, op: next.op, value: value.text, negate };
      if (ORDER_OPS.has(next.op)) {
        const num = field.type === 'tags' ? undefined : comparable(field.type, value.text);
        if (num === undefined) {
          const what = field.type === 'time' ? 'a date such as 2025-01-31' : field.type === 'duration' ? 'a duration such as 30s or 2min' : 'a number';
          return { ok: false, error: `"${next.op}" compares ${what}, but "${value.text}" (character ${value.pos + 1}) is not one.`, position: value.pos };
        }
        clause.num = num;
      } else if (field.type === 'time' || field.type === 'duration') {
        const num = comparable(field.type, value.text);
        if (num !== undefined) clause.num = num;
      }
      clauses.push(clause);
      i += 2;
      continue;
    }
    if (t.kind === 'word' && text.toLowerCase().startsWith('tag:')) {
      const tag = text.slice(4).trim();
      if (tag === '') return { ok: false, error: `"tag:" at character ${t.pos + 1} needs a tag name after it, e.g. tag:baseline.`, position: t.pos };
      clauses.push({ kind: 'tag', tag: tag.toLowerCase(), negate });
      continue;
    }
    if (text.trim() !== '') clauses.push({ kind: 'text', text: text.toLowerCase(), negate });
  }
  return { ok: true, clauses };
}

function equals(v: CellValue, value: string): boolean {
  if (typeof v === 'number') {
    const n = parseNumber(value);
    return n !== undefined ? v === n : String(v) === value;
  }
  return String(v).toLowerCase() === value.toLowerCase();
}

function compareMatches(row: FlatRun, c: Extract<FilterClause, { kind: 'compare' }>): boolean {
  if (c.type === 'tags') {
    const want = c.value.toLowerCase();
    const tags = row.tags.map((t) => t.toLowerCase());
    if (c.op === '=') return tags.includes(want);
    if (c.op === '!=') return !tags.includes(want);
    if (c.op === '~') return tags.some((t) => t.includes(want));
    return false;
  }
  const v = row.values[c.key];
  if (v === undefined || v === '') return c.op === '!=';
  switch (c.op) {
    case '=':
      return c.num !== undefined && typeof v === 'number' ? v === c.num : equals(v, c.value);
    case '!=':
      return c.num !== undefined && typeof v === 'number' ? v !== c.num : !equals(v, c.value);
    case '~':
      return String(v).toLowerCase().includes(c.value.toLowerCase());
    default: {
      if (typeof v !== 'number' || c.num === undefined) return false;
      if (c.op === '>') return v > c.num;
      if (c.op === '>=') return v >= c.num;
      if (c.op === '<') return v < c.num;
      return v <= c.num;
    }
  }
}

function clauseMatches(row: FlatRun, c: FilterClause): boolean {
  if (c.kind === 'text') return row.text.includes(c.text);
  if (c.kind === 'tag') return row.tags.some((t) => t.toLowerCase() === c.tag);
  return compareMatches(row, c);
}

export function matchesFilter(row: FlatRun, clauses: readonly FilterClause[]): boolean {
  for (const c of clauses) if (clauseMatches(row, c) === c.negate) return false;
  return true;
}

export function filterRuns(rows: readonly FlatRun[], clauses: readonly FilterClause[]): FlatRun[] {
  return clauses.length === 0 ? [...rows] : rows.filter((r) => matchesFilter(r, clauses));
}
