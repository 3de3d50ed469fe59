import { Field, makeData, RecordBatch, Schema, Struct, Table, Type, Utf8 } from 'apache-arrow';
import type { Data } from 'apache-arrow';
import { buildTable, KIND_METADATA_KEY } from '../../data/build-table.ts';
import { labelValues } from '../../data/columns.ts';
import type { ColumnInfo, ColumnKind } from '../../data/types.ts';
import { benchtopError } from '../../errors.ts';
import { throwIfCancelled, yieldToEventLoop } from '../../jobs.ts';
import { maskColumn } from './mask-column.ts';
import { columnHints, nameHints } from './name-hints.ts';
import { saltedHash } from './salt.ts';
import type { PiiAction, ScrubLogEntry, ScrubOptions } from './types.ts';

/** Distinct values hashed concurrently between cancellation checks. */
const HASH_BATCH = 512;
const ACTIONS: ReadonlySet<string> = new Set(['drop', 'mask', 'hash']);

export interface ScrubResult {
  /** A canonical Benchtop table: changed columns are Utf8 with 'benchtop:kind' metadata. */
  table: Table;
  /** Updated column records, when opts.columns was given. */
  columns?: ColumnInfo[];
  log: ScrubLogEntry[];
}

/**
 * Apply PII actions before anything is stored: drop removes the column; mask replaces what the
 * detectors recognise with a fixed mask (see maskColumn); hash replaces each value with the
 * first 16 hex characters of SHA-256(salt + value), so equal values stay equal and joins still
 * work. Masked or hashed text columns keep their kind; other kinds become 'text'.
 */
export async function scrubPii(table: Table, actions: readonly PiiAction[], opts: ScrubOptions): Promise<ScrubResult> {
  const fields = table.schema.fields;
  const byColumn = new Map<string, PiiAction['action']>();
  for (const a of actions) {
    if (!fields.some((f) => f.name === a.column))
      throw benchtopError('column_not_found', { column: a.column, available: fields.map((f) => f.name).join(', ') });
    if (!ACTIONS.has(a.action)) throw benchtopError('pii_action_invalid', { column: a.column, reason: `unknown action "${String(a.action)}"` });
    if (byColumn.has(a.column)) throw benchtopError('pii_action_invalid', { column: a.column, reason: 'the column is listed more than once' });
    if (a.action === 'hash' && !opts.salt) throw benchtopError('pii_salt_missing', { column: a.column });
    byColumn.set(a.column, a.action);
  }

  const log: ScrubLogEntry[] = [];
  const replaced = new Map<string, { field: Field; data: Data }>();
  const infoOut = new Map<string, ColumnInfo>();
  for (const field of fields) {
    const action = byColumn.get(field.name);
    if (!action) continue;
    throwIfCancelled(opts.cancel);
    const kindBefore = kindOf(field, opts.columns);
    if (action === 'drop') {
      log.push({ column: field.name, action, changed: 0, kindBefore });
      continue;
    }
    const isText = field.type.typeId === Type.Utf8;
    const kindAfter: ColumnKind = isText && (kindBefore === 'categorical' || kindBefore === 'text') ? kindBefore : 'text';
    const values = labelValues(table, field.name);
    let next: (string | null)[];
    let entry: ScrubLogEntry;
    if (action === 'mask') {
      const masked = maskColumn(values, columnHints(nameHints(field.name)));
      next = masked.values;
      entry = { column: field.name, action, changed: masked.changed, kindBefore, kindAfter, mode: masked.mode, matches: masked.matches };
    } else {
      next = await hashValues(values, opts);
      entry = { column: field.name, action, changed: next.filter((v) => v !== null).length, kindBefore, kindAfter };
    }
    log.push(entry);
    const metadata = new Map(field.metadata);
    metadata.set(KIND_METADATA_KEY, kindAfter);
    const built = buildTable({ names: [field.name], columns: [next] }, [{ name: field.name, kind: kindAfter, missing: 0, distinct: 0 }]);
    replaced.set(field.name, { field: new Field(field.name, new Utf8(), true, metadata), data: built.getChildAt(0)!.data[0]! });
    let missing = 0;
    const distinct = new Set<string>();
    for (const v of next) {
      if (v === null) missing++;
      else distinct.add(v);
    }
    infoOut.set(field.name, { name: field.name, kind: kindAfter, missing, distinct: distinct.size });
    opts.onProgress?.({ phase: 'scrub', fraction: log.length / byColumn.size });
  }

  const kept = fields.map((f, j) => ({ f, j })).filter(({ f }) => byColumn.get(f.name) !== 'drop');
  const outFields = kept.map(({ f }) => replaced.get(f.name)?.field ?? f);
  const schema = new Schema(outFields, table.schema.metadata);
  let start = 0;
  const batches = table.batches.map((batch) => {
    const children = kept.map(({ f, j }) => {
      const r = replaced.get(f.name);
      if (!r) return batch.data.children[j]!;
      return table.batches.length === 1 ? r.data : r.data.slice(start, batch.numRows);
    });
    start += batch.numRows;
    return new RecordBatch(schema, makeData({ type: new Struct(outFields), length: batch.numRows, nullCount: 0, children }));
  });
  const result: ScrubResult = { table: new Table(schema, batches), log };
  if (opts.columns) {
    result.columns = opts.columns
      .filter((c) => byColumn.get(c.name) !== 'drop')
      .map((c) => infoOut.get(c.name) ?? c);
  }
  return result;
}

function kindOf(field: Field, columns: readonly ColumnInfo[] | undefined): ColumnKind {
  const fromInfo = columns?.find((c) => c.name === field.name)?.kind;
  if (fromInfo) return fromInfo;
  const meta = field.metadata.get(KIND_METADATA_KEY);
  if (meta === 'numeric' || meta === 'categorical' || meta === 'boolean' || meta === 'datetime' || meta === 'text') return meta;
  switch (field.type.typeId) {
    case Type.Float:
    case Type.Int:
      return 'numeric';
    case Type.Bool:
      return 'boolean';
    case Type.Timestamp:
    case Type.Date:
      return 'datetime';
    default:
      return 'text';
  }
}

/** Each distinct value hashed once, in batches, so a million-row id column stays responsive and cancellable. */
async function hashValues(values: readonly (string | null)[], opts: ScrubOptions): Promise<(string | null)[]> {
  const distinct = [...new Set(values.filter((v): v is string => v !== null))];
  const hashed = new Map<string, string>();
  for (let i = 0; i < distinct.length; i += HASH_BATCH) {
    throwIfCancelled(opts.cancel);
    const batch = distinct.slice(i, i + HASH_BATCH);
    const digests = await Promise.all(batch.map((v) => saltedHash(opts.salt, v)));
    batch.forEach((v, k) => hashed.set(v, digests[k]!));
    if (i % (HASH_BATCH * 20) === 0) await yieldToEventLoop();
  }
  return values.map((v) => (v === null ? null : hashed.get(v)!));
}
