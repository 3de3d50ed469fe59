/**
 * The little of a Parquet footer Benchtop needs before decoding: how many rows each row group
 * holds and how big it is. Read here in plain TypeScript (Thrift compact protocol) rather than
 * through the wasm decoder's async metadata reader, so a damaged footer becomes a clear error
 * before any wasm runs, and the row count is known before the first row group is decoded.
 */

export interface RowGroupInfo {
  rows: number;
  /** Uncompressed bytes of the group's column data: the weight of the group in progress. */
  bytes: number;
}

export interface ParquetFooter {
  rows: number;
  rowGroups: RowGroupInfo[];
}

/** 'PAR1' */
export const PARQUET_MAGIC = [0x50, 0x41, 0x52, 0x31] as const;

// Thrift compact protocol field types.
const BOOL_TRUE = 1;
const BOOL_FALSE = 2;
const BYTE = 3;
const I16 = 4;
const I32 = 5;
const I64 = 6;
const DOUBLE = 7;
const BINARY = 8;
const LIST = 9;
const SET = 10;
const MAP = 11;
const STRUCT = 12;

const MAX_DEPTH = 64;

class FooterError extends Error {}

/** Parses FileMetaData; throws an Error whose message says what is wrong. */
export function parseParquetFooter(bytes: Uint8Array): ParquetFooter {
  const r = new CompactReader(bytes);
  let rows = -1;
  const rowGroups: RowGroupInfo[] = [];
  r.struct(0, (id, type) => {
    if (id === 3 && type === I64) rows = r.varint(true);
    else if (id === 4 && type === LIST) r.list((elem) => rowGroups.push(readRowGroup(r, elem)));
    else r.skip(type, 1);
  });
  if (rows < 0) throw new FooterError('the footer has no row count');
  const sum = rowGroups.reduce((s, g) => s + g.rows, 0);
  if (sum !== rows) throw new FooterError(`the footer says ${rows} rows but its row groups hold ${sum}`);
  return { rows, rowGroups };
}

function readRowGroup(r: CompactReader, type: number): RowGroupInfo {
  if (type !== STRUCT) throw new FooterError('a row group entry is not a struct');
  let rows = -1;
  let bytes = 0;
  r.struct(2, (id, t) => {
    if (id === 2 && t === I64) bytes = r.varint(true);
    else if (id === 3 && t === I64) rows = r.varint(true);
    else r.skip(t, 3);
  });
  if (rows < 0) throw new FooterError('a row group has no row count');
  return { rows, bytes: Math.max(0, bytes) };
}

class CompactReader {
  pos = 0;
  constructor(private readonly bytes: Uint8Array) {}

  byte(): number {
    const b = this.bytes[this.pos++];
    if (b === undefined) throw new FooterError('the footer ends in the middle of a field');
    return b;
  }

  /** Unsigned LEB128, or zigzag-decoded when `signed`; exact up to 2^53. */
  varint(signed = false): number {
    let value = 0;
    let scale = 1;
    for (let i = 0; ; i++) {
      if (i >= 10) throw new FooterError('the footer holds a malformed number');
      const b = this.byte();
      value += (b & 0x7f) * scale;
      scale *= 128;
      if ((b & 0x80) === 0) break;
    }
    if (!signed) return value;
    // zigzag: even -> value/2, odd -> -(value+1)/2
    return value % 2 === 0 ? value / 2 : -(value + 1) / 2;
  }

  struct(depth: number, field: (id: number, type: number) => void): void {
    if (depth > MAX_DEPTH) throw new FooterError('the footer nests too deeply');
    let id = 0;
    for (;;) {
      const header = this.byte();
      if (header === 0) return;
      const type = header & 0x0f;
      const delta = header >> 4;
      id = delta === 0 ? this.varint(true) : id + delta;
      field(id, type);
    }
  }

  list(element: (type: number) => void): void {
    const header = this.byte();
    const size = (header >> 4) === 15 ? this.varint() : header >> 4;
    const type = header & 0x0f;
    if (size > this.bytes.length - this.pos) throw new FooterError('the footer holds an impossible list length');
    for (let i = 0; i < size; i++) element(type);
  }

  /** Inside lists and maps a boolean is a whole byte, not folded into a field header. */
  skipElement(type: number, depth: number): void {
    if (type === BOOL_TRUE || type === BOOL_FALSE) this.pos++;
    else this.skip(type, depth);
  }

  skip(type: number, depth: number): void {
    if (depth > MAX_DEPTH) throw new FooterError('the footer nests too deeply');
    switch (type) {
      case BOOL_TRUE:
      case BOOL_FALSE:
        return;
      case BYTE:
        this.pos++;
        return;
      case I16:
      case I32:
      case I64:
        this.varint();
        return;
      case DOUBLE:
        this.pos += 8;
        return;
      case BINARY: {
        const n = this.varint();
        if (n > this.bytes.length - this.pos) throw new FooterError('the footer holds an impossible string length');
        this.pos += n;
        return;
      }
      case LIST:
      case SET:
        // In lists, booleans take one byte each.
        this.list((t) => this.skipElement(t, depth + 1));
        return;
      case MAP: {
        const size = this.varint();
        if (size === 0) return;
        const kinds = this.byte();
        if (size > this.bytes.length - this.pos) throw new FooterError('the footer holds an impossible map size');
        for (let i = 0; i < size; i++) {
          this.skipElement(kinds >> 4, depth + 1);
          this.skipElement(kinds & 0x0f, depth + 1);
        }
        return;
      }
      case STRUCT:
        this.struct(depth + 1, (_id, t) => this.skip(t, depth + 1));
        return;
      default:
        throw new FooterError(`the footer holds an unknown field type ${type}`);
    }
  }
}
