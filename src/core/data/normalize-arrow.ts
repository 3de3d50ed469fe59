/**
 * Any Arrow schema -> Benchtop's canonical table. Typed sources (Parquet, Arrow IPC) need no
 * inference of what a value is, only of how Benchtop should hold it:
 * - 8–32-bit integers, floats (16/32/64) -> Float64 numeric ('integer' or 'float'); NaN and
 *   infinities read as missing.
 * - Int64/Uint64 -> Float64 when every value is a safe integer (|v| <= 2^53 - 1); otherwise
 *   exact decimal text (type 'identifier' when nearly all distinct), with a note, so 64-bit
 *   integers never leak as BigInt into features or JSON.
 * - Decimal -> Float64 (note when digits may be lost); Time/Duration -> Float64 in their unit.
 * - Bool -> Bool; Date32/Date64/Timestamp (any unit, any zone) -> Timestamp(ms, 'UTC').
 * - Utf8, LargeUtf8, Dictionary of strings -> Utf8, categorical or text by isCategorical.
 * - Binary -> lowercase hex text; List/Struct/Map/Union/Interval/views -> JSON text (a note
 *   says so); a Null-typed column -> an all-missing text column. Nothing is dropped.
 * Forced kinds (`kinds`) re-read the canonical column's labels the way the CSV reader would
 * (column_kind_mismatch names the first value that does not fit); boolean -> numeric is 0/1 and
 * datetime -> numeric is epoch milliseconds.
 */
import { makeVector, Type } from 'apache-arrow';
import type { Data, DataType, Field, RecordBatch, Schema, Table } from 'apache-arrow';
import { benchtopError, isBenchtopError } from '../errors.ts';
import { throwIfCancelled, yieldToEventLoop } from '../jobs.ts';
import type { CancelToken, ProgressFn } from '../jobs.ts';
import { chunkProblem } from './arrow-chunk-check.ts';
import { assembleTable, float64Data } from './arrow-data.ts';
import { Int64Sink, NumberSink } from './arrow-number-sinks.ts';
import type { ColumnSink, SinkResult, TypeParams } from './arrow-sink.ts';
import { decodeDictionary, TextSink } from './arrow-text-sink.ts';
import { BoolSink, TimeSink } from './arrow-time-sinks.ts';
import { distinctFloat64 } from './distinct-count.ts';
import { finishStrings } from './infer-types.ts';
import type { ColumnInfo, ColumnKind } from './types.ts';

export interface NormalizeOptions {
  /** Source name, for messages. */
  name: string;
  /** Forced kinds by column name (column_not_found for a name the schema lacks). */
  kinds?: ReadonlyMap<string, ColumnKind>;
  /** The error for data that contradicts itself (more rows than announced); default arrow_invalid. */
  invalid?: (reason: string) => Error;
}

export interface NormalizedTable {
  table: Table;
  columns: ColumnInfo[];
  /** What was changed to fit, one line per column and change ('"id": kept as exact text ...'). */
  notes: string[];
}

interface Route {
  sink: ColumnSink;
  /** Rewrites a chunk before the sink sees it (dictionary-encoded numbers). */
  adapt?: (data: Data) => Data;
}

/**
 * Takes record batches of one schema (in row order, `rows` in all) and builds the canonical
 * table. Throws duplicate_column for a name that appears twice, data_no_columns for no fields.
 */
export class ArrowNormalizer {
  readonly #fields: Field[];
  readonly #routes: Route[];
  readonly #rows: number;
  readonly #opts: NormalizeOptions;
  readonly #invalid: (reason: string) => Error;
  #at = 0;

  constructor(schema: Schema, rows: number, opts: NormalizeOptions) {
    this.#fields = schema.fields;
    this.#rows = rows;
    this.#opts = opts;
    this.#invalid = opts.invalid ?? ((reason) => benchtopError('arrow_invalid', { name: opts.name, reason }));
    if (this.#fields.length === 0) throw benchtopError('data_no_columns');
    const seen = new Set<string>();
    for (const f of this.#fields) {
      if (seen.has(f.name)) throw benchtopError('duplicate_column', { column: f.name, name: opts.name });
      seen.add(f.name);
    }
    for (const name of opts.kinds?.keys() ?? [])
      if (!seen.has(name)) throw benchtopError('column_not_found', { column: name, available: [...seen].join(', ') });
    this.#routes = this.#fields.map((f) => routeFor(f, rows));
  }

  push(batch: RecordBatch): void {
    const children = batch.data.children;
    if (children.length !== this.#routes.length) throw this.#invalid(`a record batch has ${children.length} columns, the schema ${this.#routes.length}`);
    if (this.#at + batch.numRows > this.#rows) throw this.#invalid(`the data holds more rows than the ${this.#rows} announced`);
    children.forEach((data, j) => {
      const route = this.#routes[j]!;
      if (data.length !== batch.numRows) throw this.#invalid(`column ${j + 1} of a record batch is not as long as the batch`);
      const problem = chunkProblem(data);
      if (problem) throw this.#invalid(`column "${this.#fields[j]!.name}": ${problem}`);
      try {
        route.sink.push(route.adapt ? route.adapt(data) : data);
      } catch (e) {
        // Buffers that contradict their own lengths or indexes (damaged files) fail here.
        if (isBenchtopError(e)) throw e;
        throw this.#invalid(`column "${this.#fields[j]!.name}" holds unreadable data (${e instanceof Error ? e.message : String(e)})`);
      }
    });
    this.#at += batch.numRows;
  }

  /** Finishes every column (distinct counts, forced kinds): phase 'infer', one step per column. */
  async finish(opts: { cancel?: CancelToken; onProgress?: ProgressFn } = {}): Promise<NormalizedTable> {
    if (this.#at !== this.#rows) throw this.#invalid(`the data holds ${this.#at} rows, not the ${this.#rows} announced`);
    const columns: ColumnInfo[] = [];
    const datas: Data<DataType>[] = [];
    const notes: string[] = [];
    const n = this.#fields.length;
    opts.onProgress?.({ phase: 'infer', fraction: 0 });
    for (let j = 0; j < n; j++) {
      const name = this.#fields[j]!.name;
      const natural = this.#routes[j]!.sink.finish();
      const forced = this.#opts.kinds?.get(name);
      const done = forced === undefined ? natural : force(name, natural, forced);
      columns.push({
        name,
        kind: done.kind,
        missing: done.missing,
        distinct: done.distinct,
        type: done.type,
        confidence: 1,
        evidence: done.evidence,
        ...(forced === undefined ? {} : { overridden: true }),
      });
      datas.push(done.data);
      for (const note of done.notes) notes.push(`"${name}": ${note}`);
      opts.onProgress?.({ phase: 'infer', fraction: (j + 1) / n });
      await yieldToEventLoop();
      throwIfCancelled(opts.cancel);
    }
    const table = assembleTable(
      columns.map((c) => c.name),
      columns.map((c) => c.kind),
      datas,
      this.#rows,
    );
    return { table, columns, notes };
  }
}

/** One whole Arrow table (any chunking, slices allowed) -> the canonical table. */
export async function normalizeArrowTable(
  table: Table,
  opts: NormalizeOptions & { cancel?: CancelToken; onProgress?: ProgressFn },
): Promise<NormalizedTable> {
  const normalizer = new ArrowNormalizer(table.schema, table.numRows, opts);
  for (const batch of table.batches) normalizer.push(batch);
  return normalizer.finish(opts);
}

const UNIT = ['seconds', 'milliseconds', 'microseconds', 'nanoseconds'];

function routeFor(field: Field, rows: number): Route {
  const type = field.type as TypeParams;
  switch (type.typeId) {
    case Type.Int:
      return { sink: type.bitWidth === 64 ? new Int64Sink(rows, type.isSigned !== false) : new NumberSink(rows, type) };
    case Type.Float:
      return { sink: new NumberSink(rows, type) };
    case Type.Decimal:
      return {
        sink: new NumberSink(rows, type, (type.precision ?? 0) > 15 ? [`${String(type)} read as floating-point numbers: digits past the 15th may be lost`] : []),
      };
    case Type.Time:
      return { sink: new NumberSink(rows, type, [`times of day kept as numbers of ${UNIT[type.unit ?? 1]} since midnight`]) };
    case Type.Duration:
      return { sink: new NumberSink(rows, type, [`durations kept as numbers of ${UNIT[type.unit ?? 1]}`]) };
    case Type.Bool:
      return { sink: new BoolSink(rows) };
    case Type.Date:
    case Type.Timestamp:
      return { sink: new TimeSink(rows) };
    case Type.Utf8:
    case Type.LargeUtf8:
      return { sink: new TextSink(rows, field.name) };
    case Type.Dictionary: {
      const values = type.dictionary!;
      if (values.typeId === Type.Utf8 || values.typeId === Type.LargeUtf8) return { sink: new TextSink(rows, field.name) };
      if (FIXED_WIDTH.has(values.typeId)) return { sink: routeFor(field.clone({ type: values }), rows).sink, adapt: decodeDictionary };
      return { sink: new GenericTextSink(rows, field.name, `${String(type)} kept as text`) };
    }
    case Type.Null:
      return { sink: new GenericTextSink(rows, field.name, 'the column has no values (Null type)') };
    case Type.Binary:
    case Type.LargeBinary:
    case Type.FixedSizeBinary:
      return { sink: new GenericTextSink(rows, field.name, `bytes (${String(type)}) kept as hexadecimal text`) };
    default:
      return { sink: new GenericTextSink(rows, field.name, `${String(type)} values kept as JSON text`) };
  }
}

const FIXED_WIDTH = new Set<Type>([Type.Int, Type.Float, Type.Decimal, Type.Date, Type.Timestamp, Type.Time, Type.Duration]);

/** Any other type: each value as text (JSON for nested values, hex for bytes), with a note. */
class GenericTextSink implements ColumnSink {
  readonly #text: TextSink;
  readonly #note: string;
  constructor(rows: number, name: string, note: string) {
    this.#text = new TextSink(rows, name);
    this.#note = note;
  }
  push(data: Data): void {
    const vector = makeVector(data);
    for (let i = 0; i < data.length; i++) this.#text.pushString(asText(vector.get(i)));
  }
  finish(): SinkResult {
    return this.#text.finish({ notes: [this.#note] });
  }
}

function asText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array) return hex(value);
  if (typeof value !== 'object') return String(value);
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
    if (v instanceof Uint8Array) return hex(v);
    return v;
  });
}

function hex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

/** The column re-read as the kind the user forced. */
function force(name: string, natural: SinkResult, kind: ColumnKind): SinkResult {
  const labels = new Set<ColumnKind>(['categorical', 'text']);
  if (kind === natural.kind) return natural;
  if (labels.has(kind) && labels.has(natural.kind))
    return { ...natural, kind, type: kind === 'categorical' ? 'categorical' : natural.type === 'identifier' ? 'identifier' : 'text' };
  if (kind === 'numeric' && (natural.kind === 'boolean' || natural.kind === 'datetime')) {
    const values = numbersOfCanonical(natural.data);
    const validity = natural.missing > 0 ? (natural.data.nullBitmap as Uint8Array) : undefined;
    return {
      ...natural,
      data: float64Data(values, validity),
      kind: 'numeric',
      type: 'integer',
      distinct: distinctFloat64(values, validity),
      notes: [...natural.notes, natural.kind === 'boolean' ? 'read as 0/1' : 'read as epoch milliseconds'],
    };
  }
  const finished = finishStrings(name, labelsOfCanonical(natural.data), kind);
  const { info } = finished;
  return {
    data: finished.data,
    kind: info.kind,
    type: info.type ?? (kind === 'numeric' ? 'float' : kind),
    missing: info.missing,
    distinct: info.distinct,
    evidence: info.evidence ?? natural.evidence,
    notes: [...natural.notes, ...finished.notes],
  };
}

/** Bool -> 0/1, Timestamp(ms) -> epoch ms, missing -> 0 (masked by the validity). */
function numbersOfCanonical(data: Data): Float64Array {
  const vector = makeVector(data);
  const out = new Float64Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const v: unknown = vector.get(i);
    out[i] = v === null || v === undefined ? 0 : typeof v === 'boolean' ? (v ? 1 : 0) : Number(v);
  }
  return out;
}

/** The text labelValues gives (numbers via String, ISO 8601 UTC dates, 'true'/'false'). */
function labelsOfCanonical(data: Data): (string | null)[] {
  const vector = makeVector(data);
  const isTime = data.type.typeId === Type.Timestamp;
  const out = new Array<string | null>(data.length);
  for (let i = 0; i < data.length; i++) {
    const v: unknown = vector.get(i);
    out[i] = v === null || v === undefined ? null : isTime ? new Date(Number(v)).toISOString() : String(v);
  }
  return out;
}
