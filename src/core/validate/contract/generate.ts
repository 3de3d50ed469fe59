import type { Table } from 'apache-arrow';
import { labelValues, numericValues } from '../../data/columns.ts';
import type { ColumnInfo, InferredType } from '../../data/types.ts';
import { categoricalReference, noNegativeZero, numericReference } from './reference.ts';
import { CONTRACT_FORMAT, type ContractColumn, type DataContract } from './types.ts';

export interface GenerateContractOptions {
  datasetName: string;
  fingerprint: string;
  versionId?: string;
  /** Ranges are widened by this share of the observed span on each side (default 0.1). */
  rangeMargin?: number;
  /** Allowed row counts are [rows / factor, rows * factor] (default 2). */
  rowCountFactor?: number;
}

const DEFAULT_TYPE: Record<ColumnInfo['kind'], InferredType> = {
  numeric: 'float',
  categorical: 'categorical',
  boolean: 'boolean',
  datetime: 'datetime',
  text: 'text',
};

/**
 * A contract describing `table` as it is, with room for ordinary variation: row count within
 * [0.5x, 2x], ranges widened by 10% of the span (never across zero when the data did not
 * cross it; whole numbers for integer columns), a column nullable when any cell was missing
 * and allowed up to twice the missing share seen plus 1 point, unique when every value was
 * distinct (except float measurements, whose distinctness is an accident of precision), and
 * every label seen as the allowed set.
 */
export function generateContract(table: Table, columns: readonly ColumnInfo[], opts: GenerateContractOptions): DataContract {
  const rows = table.numRows;
  const factor = opts.rowCountFactor ?? 2;
  return {
    format: CONTRACT_FORMAT,
    version: 1,
    createdFrom: {
      datasetName: opts.datasetName,
      ...(opts.versionId !== undefined ? { versionId: opts.versionId } : {}),
      fingerprint: opts.fingerprint,
    },
    rowCount: { min: Math.floor(rows / factor), max: Math.ceil(rows * factor) },
    columns: columns.map((info) => contractColumn(table, info, opts.rangeMargin ?? 0.1)),
  };
}

function contractColumn(table: Table, info: ColumnInfo, margin: number): ContractColumn {
  const rows = table.numRows;
  const type = info.type ?? DEFAULT_TYPE[info.kind];
  const numeric = info.kind === 'numeric' || info.kind === 'datetime';
  const values = numeric ? numericValues(table, info.name) : null;
  const labels = numeric ? null : labelValues(table, info.name);
  let missing = 0;
  const distinct = new Set<number | string>();
  for (const v of values ?? labels ?? []) {
    if (v === null || (typeof v === 'number' && Number.isNaN(v))) missing++;
    else distinct.add(v);
  }
  const present = rows - missing;
  const missingShare = rows ? missing / rows : 0;
  const column: ContractColumn = {
    name: info.name,
    kind: info.kind,
    type,
    required: true,
    nullable: missing > 0,
    maxMissingShare: Math.min(1, round6(missingShare * 2 + 0.01)),
  };
  if (present >= 2 && distinct.size === present && info.kind !== 'boolean' && type !== 'float') column.unique = true;
  if (values && present > 0) {
    const range = widen(values, margin, type === 'integer', info.kind === 'datetime');
    column.range =
      info.kind === 'datetime'
        ? { min: new Date(range.min).toISOString(), max: new Date(range.max).toISOString() }
        : range;
  }
  if (info.kind === 'categorical' && labels) {
    column.allowedValues = [...(distinct as Set<string>)].sort();
    column.allowUnseen = false;
  }
  const reference =
    info.kind === 'numeric' && values ? numericReference(values) : (info.kind === 'categorical' || info.kind === 'boolean') && labels ? categoricalReference(labels) : undefined;
  if (reference) column.reference = reference;
  return column;
}

const round6 = (v: number): number => Math.round(v * 1e6) / 1e6;

const DAY_MS = 86_400_000;

function widen(values: Float64Array, margin: number, integer: boolean, datetime: boolean): { min: number; max: number } {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values)
    if (!Number.isNaN(v)) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  const span = hi - lo;
  // A constant column still gets room: a day for dates, else a share of the value (or 1 around 0).
  const pad = span > 0 ? span * margin : datetime ? DAY_MS : Math.abs(lo) * margin || 1;
  let min = lo - pad;
  let max = hi + pad;
  if (lo >= 0 && min < 0) min = 0;
  if (hi <= 0 && max > 0) max = 0;
  if (integer) {
    min = Math.floor(min);
    max = Math.ceil(max);
  }
  return { min: noNegativeZero(min), max: noNegativeZero(max) };
}
