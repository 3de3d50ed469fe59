/** Per-column value promises: missing share, range, whole numbers, allowed labels, uniqueness. */
import type { ContractColumn, ContractViolation } from './types.ts';

const MAX_EXAMPLES = 5;
const pct = (share: number): string => `${(share * 100).toFixed(share < 0.01 ? 2 : 1)}%`;

/** One column's cells, read once: numbers (NaN = missing) or labels (null = missing). */
export type ColumnCells = { numbers: Float64Array; labels?: undefined } | { labels: readonly (string | null)[]; numbers?: undefined };

const isMissing = (cells: ColumnCells, i: number): boolean =>
  cells.numbers ? Number.isNaN(cells.numbers[i]!) : cells.labels[i] === null;
const cellCount = (cells: ColumnCells): number => (cells.numbers ? cells.numbers.length : cells.labels.length);

export function checkMissing(column: ContractColumn, cells: ColumnCells): ContractViolation[] {
  const rows = cellCount(cells);
  let missing = 0;
  const examples: { row: number; value: string }[] = [];
  for (let i = 0; i < rows; i++)
    if (isMissing(cells, i)) {
      missing++;
      if (examples.length < MAX_EXAMPLES) examples.push({ row: i, value: '' });
    }
  if (missing === 0) return [];
  const share = missing / rows;
  if (!column.nullable)
    return [
      {
        code: 'null_share_exceeded',
        severity: 'error',
        column: column.name,
        message: `Column "${column.name}" must have no missing cells; ${missing} of ${rows} (${pct(share)}) are missing.`,
        count: missing,
        examples,
        details: { missing, rows, share, maxMissingShare: 0 },
      },
    ];
  if (share <= column.maxMissingShare) return [];
  return [
    {
      code: 'null_share_exceeded',
      severity: 'error',
      column: column.name,
      message: `Column "${column.name}" has ${missing} of ${rows} cells missing (${pct(share)}); the contract allows at most ${pct(column.maxMissingShare)}.`,
      count: missing,
      examples,
      details: { missing, rows, share, maxMissingShare: column.maxMissingShare },
    },
  ];
}

const formatCell = (v: number, datetime: boolean): string => (datetime ? new Date(v).toISOString() : String(v));

export function checkRange(column: ContractColumn, numbers: Float64Array): ContractViolation[] {
  const range = column.range;
  if (!range) return [];
  const datetime = column.kind === 'datetime';
  const min = typeof range.min === 'string' ? Date.parse(range.min) : range.min;
  const max = typeof range.max === 'string' ? Date.parse(range.max) : range.max;
  let below = 0;
  let above = 0;
  const examples: { row: number; value: string }[] = [];
  for (let i = 0; i < numbers.length; i++) {
    const v = numbers[i]!;
    if (Number.isNaN(v) || (v >= min && v <= max)) continue;
    if (v < min) below++;
    else above++;
    if (examples.length < MAX_EXAMPLES) examples.push({ row: i, value: formatCell(v, datetime) });
  }
  const count = below + above;
  if (count === 0) return [];
  return [
    {
      code: 'out_of_range',
      severity: 'error',
      column: column.name,
      message: `Column "${column.name}" has ${count} value${count === 1 ? '' : 's'} outside [${String(range.min)}, ${String(range.max)}] (${below} below, ${above} above), e.g. ${examples.map((e) => `${e.value} at row ${e.row + 1}`).join(', ')}.`,
      count,
      examples,
      details: { below, above, min: String(range.min), max: String(range.max) },
    },
  ];
}

export function checkWholeNumbers(column: ContractColumn, numbers: Float64Array): ContractViolation[] {
  if (column.type !== 'integer' || column.kind !== 'numeric') return [];
  let count = 0;
  const examples: { row: number; value: string }[] = [];
  for (let i = 0; i < numbers.length; i++) {
    const v = numbers[i]!;
    if (Number.isNaN(v) || Number.isInteger(v)) continue;
    count++;
    if (examples.length < MAX_EXAMPLES) examples.push({ row: i, value: String(v) });
  }
  if (count === 0) return [];
  return [
    {
      code: 'kind_mismatch',
      severity: 'warning',
      column: column.name,
      message: `Column "${column.name}" was whole numbers; ${count} value${count === 1 ? ' is' : 's are'} now fractional, e.g. ${examples[0]!.value} at row ${examples[0]!.row + 1}.`,
      count,
      examples,
      details: { expectedType: 'integer' },
    },
  ];
}

export function checkCategories(column: ContractColumn, labels: readonly (string | null)[]): ContractViolation[] {
  const allowed = column.allowedValues;
  if (!allowed) return [];
  const known = new Set(allowed);
  const unseen = new Map<string, number>();
  const examples: { row: number; value: string }[] = [];
  let count = 0;
  for (let i = 0; i < labels.length; i++) {
    const v = labels[i];
    if (v === null || v === undefined || known.has(v)) continue;
    count++;
    unseen.set(v, (unseen.get(v) ?? 0) + 1);
    if (examples.length < MAX_EXAMPLES) examples.push({ row: i, value: v });
  }
  if (count === 0) return [];
  const labelsSeen = [...unseen.keys()];
  const shown = labelsSeen.slice(0, 5).map((l) => `"${l}"`).join(', ') + (labelsSeen.length > 5 ? `, and ${labelsSeen.length - 5} more` : '');
  return [
    {
      code: 'unseen_category',
      severity: column.allowUnseen ? 'warning' : 'error',
      column: column.name,
      message: `Column "${column.name}" has ${count} cell${count === 1 ? '' : 's'} with ${labelsSeen.length} label${labelsSeen.length === 1 ? '' : 's'} the contract does not list: ${shown}.`,
      count,
      examples,
      details: { labels: labelsSeen.length },
    },
  ];
}

export function checkUnique(column: ContractColumn, cells: ColumnCells): ContractViolation[] {
  if (!column.unique) return [];
  const seen = new Map<number | string, number>();
  const examples: { row: number; value: string }[] = [];
  let count = 0;
  let firstRepeatOf = -1;
  const rows = cellCount(cells);
  for (let i = 0; i < rows; i++) {
    const v = cells.numbers ? cells.numbers[i]! : cells.labels[i]!;
    if (v === null || (typeof v === 'number' && Number.isNaN(v))) continue;
    const first = seen.get(v);
    if (first === undefined) {
      seen.set(v, i);
      continue;
    }
    count++;
    if (firstRepeatOf < 0) firstRepeatOf = first;
    if (examples.length < MAX_EXAMPLES) examples.push({ row: i, value: String(v) });
  }
  if (count === 0) return [];
  const e = examples[0]!;
  return [
    {
      code: 'duplicate_values',
      severity: 'error',
      column: column.name,
      message: `Column "${column.name}" must be unique; ${count} cell${count === 1 ? ' repeats' : 's repeat'} an earlier value, e.g. "${e.value}" at row ${e.row + 1} (first at row ${firstRepeatOf + 1}).`,
      count,
      examples,
    },
  ];
}
