import { benchtopError } from '../errors.ts';
import { isBlankBytes } from './byte-trim.ts';
import { POW10, TWO_53 } from './parse-number-bytes.ts';

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

// Scanner states (plain numbers: the hot loop compares them).
const FIELD_START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
/** Inside quotes, just saw '"': a doubled quote or the closing one. */
const QUOTE_SEEN = 3;

/** Bytes one record may span while inside quotes (a 5 MB field is fine; 256 MiB is a stray quote). */
const MAX_QUOTED_RECORD = 256 * 1024 * 1024;

/**
 * Stage one of the byte-level CSV reader: splits UTF-8 bytes into records and fields without
 * decoding anything. It owns a working buffer; `append` adds bytes, `scan` finds the complete
 * records among them and writes each field's [start, end) into `bounds` (field j of record r at
 * 2 * (r * width + j)), pointing into `buffer`. Quoted fields are unescaped in place, so a bound
 * is always the field's final bytes. A record cut by the end of the bytes waits in the buffer
 * for the next `append`; state carries across, so chunk boundaries never change the result.
 *
 * RFC 4180 with the lenient edges of the old string tokenizer: CRLF, LF and lone CR end records;
 * a quote inside an unquoted field is literal; text after a closing quote joins the field. A
 * record that is one unquoted, whitespace-only field is a blank line and is skipped. Rows count
 * records as a spreadsheet shows them: blank lines count, line breaks inside quotes do not.
 *
 * With `width` unset (-1) records may have any number of fields (`widths` lists them): used for
 * the header and for delimiter sniffing. With `width` set, any other field count is
 * csv_ragged_row.
 */
export class CsvSplitter {
  readonly delimiter: number;
  /** Fields per record once the header is known; -1 before. */
  width = -1;
  /** Field bounds of the complete records found by the last scan (and of the partial one after them). */
  bounds: Int32Array = new Int32Array(4096);
  /**
   * Per field (index = bound index / 2): the number a plain decimal field of a `numeric` column
   * spells, read while splitting (one pass over its bytes instead of two), or NaN when the field
   * was not read that way and must be parsed from its bytes.
   */
  values: Float64Array = new Float64Array(2048);
  /** Columns (1 = yes) whose plain decimal fields are read into `values` while splitting. */
  numeric: Uint8Array | undefined;
  /** Complete records found by the last scan. */
  records = 0;
  /** Field count of each complete record of the last scan (flexible width only). */
  widths: number[] = [];

  #buf = new Uint8Array(1 << 16);
  #len = 0;
  #pos = 0;
  #recordStart = 0;
  #state = FIELD_START;
  #fieldStart = 0;
  /** Write position while a field is being unescaped in place; -1 when its bytes are used as they lie. */
  #write = -1;
  #out = 0;
  #recordBase = 0;
  #fields = 0;
  #anyQuoted = false;
  #row = 1;
  #quoteRow = 1;
  #skipLf = false;

  constructor(delimiter: string) {
    if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r' || delimiter.charCodeAt(0) > 0x7f)
      throw benchtopError('csv_bad_delimiter', { delimiter });
    this.delimiter = delimiter.charCodeAt(0);
  }

  /** The bytes the bounds point into (valid until the next `append`). */
  get buffer(): Uint8Array {
    return this.#buf;
  }

  /** Spreadsheet row of the next record (header = 1). */
  get row(): number {
    return this.#row;
  }

  /** Add bytes after the unscanned rest; bytes of records already handed out are dropped first. */
  append(chunk: Uint8Array): void {
    const drop = this.#recordStart;
    if (drop > 0) {
      this.#buf.copyWithin(0, drop, this.#len);
      this.#len -= drop;
      this.#pos -= drop;
      this.#fieldStart -= drop;
      if (this.#write >= 0) this.#write -= drop;
      const b = this.bounds;
      for (let k = this.#recordBase; k < this.#out; k++) b[k]! -= drop;
      this.#recordStart = 0;
    }
    const need = this.#len + chunk.length;
    // A quoted field this long is a stray quote swallowing the rest of the file: say so now
    // rather than hold the whole file in one record.
    if (need > MAX_QUOTED_RECORD && (this.#state === QUOTED || this.#state === QUOTE_SEEN))
      throw benchtopError('csv_unclosed_quote', { row: this.#quoteRow });
    if (need > this.#buf.length) {
      let size = this.#buf.length;
      while (size < need) size *= 2;
      const grown = new Uint8Array(size);
      grown.set(this.#buf.subarray(0, this.#len));
      this.#buf = grown;
    }
    this.#buf.set(chunk, this.#len);
    this.#len = need;
  }

  /**
   * Find the complete records in the bytes appended so far. `final` says no more bytes follow:
   * the last record then ends at the end (an open quote is csv_unclosed_quote). With a flexible
   * width, stops after `maxRecords` records.
   */
  scan(final: boolean, maxRecords = Infinity): number {
    // Move the partial record's fields to the front: the previous records have been consumed.
    if (this.#recordBase > 0) {
      this.bounds.copyWithin(0, this.#recordBase, this.#out);
      this.values.copyWithin(0, this.#recordBase >> 1, this.#out >> 1);
      this.#out -= this.#recordBase;
      this.#recordBase = 0;
    }
    this.records = 0;
    this.widths = [];
    const buf = this.#buf;
    const len = this.#len;
    const view = buf.subarray(0, len);
    const delim = this.delimiter;
    const maxSpecial = Math.max(delim, CR);
    const fixed = this.width >= 0;
    const width = this.width;
    let p = this.#pos;
    let state = this.#state;
    let fieldStart = this.#fieldStart;
    let w = this.#write;
    let bounds = this.bounds;
    let values = this.values;
    const numeric = fixed ? this.numeric : undefined;
    let out = this.#out;

    let fields = this.#fields;

    if (this.#skipLf && p < len) {
      if (buf[p] === LF) {
        p++;
        if (state === FIELD_START && fields === 0) this.#recordStart = p;
      }
      this.#skipLf = false;
    }

    while (p < len) {
      let c = 0;
      if (state === FIELD_START) {
        if (buf[p] === QUOTE) {
          state = QUOTED;
          this.#anyQuoted = true;
          this.#quoteRow = this.#row;
          fieldStart = ++p;
          w = -1;
          continue;
        }
        if (numeric !== undefined && fields < width && numeric[fields] === 1) {
          // A numeric column: read a plain decimal (optionally with an exponent) while looking
          // for the field's end: an exact mantissa below 2^53 times or over an exact power of
          // ten is one correctly rounded operation, the double Number(text) gives.
          let i = p;
          const negative = buf[i] === 0x2d;
          if (negative) i++;
          const intStart = i;
          let mantissa = 0;
          let chunk = 0;
          let chunkDigits = 0;
          let d = 0;
          while (i < len && (d = buf[i]! - 0x30) >= 0 && d <= 9) {
            chunk = chunk * 10 + d;
            if (++chunkDigits === 9) {
              mantissa = mantissa * 1e9 + chunk;
              chunk = 0;
              chunkDigits = 0;
            }
            i++;
          }
          const intDigits = i - intStart;
          let scale = 0;
          if (i < len && buf[i] === 0x2e) {
            i++;
            while (i < len && (d = buf[i]! - 0x30) >= 0 && d <= 9) {
              chunk = chunk * 10 + d;
              if (++chunkDigits === 9) {
                mantissa = mantissa * 1e9 + chunk;
                chunk = 0;
                chunkDigits = 0;
              }
              i++;
              scale++;
            }
          }
          // An exponent (1.5e-3) shifts the decimal point; it must have digits.
          let exponent = 0;
          if (i < len && (buf[i] === 0x65 || buf[i] === 0x45) && intDigits + scale > 0) {
            let e = i + 1;
            const expNegative = buf[e] === 0x2d;
            if (expNegative || buf[e] === 0x2b) e++;
            const expStart = e;
            while (e < len && (d = buf[e]! - 0x30) >= 0 && d <= 9 && e - expStart < 4) {
              exponent = exponent * 10 + d;
              e++;
            }
            if (e === expStart) exponent = 99_999;
            else if (expNegative) exponent = -exponent;
            i = e;
          }
          const shift = exponent - scale;
          if (i < len && intDigits + scale > 0 && shift >= -22 && shift <= 22 && !(intDigits > 1 && buf[intStart] === 0x30)) {
            c = buf[i]!;
            mantissa = mantissa * POW10[chunkDigits]! + chunk;
            if ((c === delim || c === LF || c === CR) && mantissa < TWO_53) {
              if (out + 2 > bounds.length) [bounds, values] = this.#growBounds(out, out + 2);
              const x = shift >= 0 ? mantissa * POW10[shift]! : mantissa / POW10[-shift]!;
              values[out >> 1] = negative ? -x : x;
              bounds[out] = p;
              bounds[out + 1] = i;
              out += 2;
              fields++;
              p = i + 1;
              if (c === delim) continue;
              if (c === CR) {
                if (p < len) {
                  if (buf[p] === LF) p++;
                } else this.#skipLf = true;
              }
              this.#recordStart = p;
              out = this.#endRecord(out, fields);
              fields = 0;
              continue;
            }
          }
        }
        // The common case, a plain field: find its end without touching the state machine.
        let q = p;
        while (q < len) {
          c = buf[q]!;
          // Most bytes are above every special byte: one comparison skips them.
          if (c <= maxSpecial && (c === delim || c === LF || c === CR)) break;
          q++;
        }
        if (q === len) {
          state = UNQUOTED;
          fieldStart = p;
          w = -1;
          p = len;
          break;
        }
        if (out + 2 > bounds.length) [bounds, values] = this.#growBounds(out, out + 2);
        if (!fixed || fields < width) {
          values[out >> 1] = NaN;
          bounds[out] = p;
          bounds[out + 1] = q;
          out += 2;
        }
        fields++;
        p = q + 1;
      } else if (state === UNQUOTED) {
        let q = p;
        while (q < len) {
          c = buf[q]!;
          if (c <= maxSpecial && (c === delim || c === LF || c === CR)) break;
          q++;
        }
        if (w >= 0 && q > p) {
          buf.copyWithin(w, p, q);
          w += q - p;
        }
        p = q;
        if (q === len) break;
        if (out + 2 > bounds.length) [bounds, values] = this.#growBounds(out, out + 2);
        if (!fixed || fields < width) {
          values[out >> 1] = NaN;
          bounds[out] = fieldStart;
          bounds[out + 1] = w >= 0 ? w : q;
          out += 2;
        }
        fields++;
        p = q + 1;
        state = FIELD_START;
      } else if (state === QUOTED) {
        const q = view.indexOf(QUOTE, p);
        const stop = q < 0 ? len : q;
        if (w >= 0) {
          if (stop > p) buf.copyWithin(w, p, stop);
          w += stop - p;
        }
        if (q < 0) {
          p = len;
          break;
        }
        if (w < 0) w = q;
        p = q + 1;
        state = QUOTE_SEEN;
        continue;
      } else {
        // QUOTE_SEEN: a second quote is an escaped one; anything else follows a closing quote.
        if (buf[p] === QUOTE) {
          buf[w++] = QUOTE;
          p++;
          state = QUOTED;
        } else state = UNQUOTED;
        continue;
      }
      // A field ended at a delimiter or a line end (c).
      if (c === delim) continue;
      if (c === CR) {
        if (p < len) {
          if (buf[p] === LF) p++;
        } else this.#skipLf = true;
      }
      this.#recordStart = p;
      out = this.#endRecord(out, fields);
      fields = 0;
      if (!fixed && this.records >= maxRecords) break;
    }

    if (final && p >= len && (this.records < maxRecords || fixed)) {
      if (state === QUOTED) throw benchtopError('csv_unclosed_quote', { row: this.#quoteRow });
      if (state !== FIELD_START || fields > 0) {
        if (out + 2 > bounds.length) [bounds, values] = this.#growBounds(out, out + 2);
        if (!fixed || fields < width) {
          values[out >> 1] = NaN;
          bounds[out] = state === FIELD_START ? p : fieldStart;
          bounds[out + 1] = state === FIELD_START ? p : w >= 0 ? w : p;
          out += 2;
        }
        fields++;
        this.#recordStart = p;
        out = this.#endRecord(out, fields);
        fields = 0;
      }
      state = FIELD_START;
    }

    this.#pos = p;
    this.#state = state;
    this.#fieldStart = fieldStart;
    this.#write = w;
    this.#out = out;
    this.#fields = fields;
    return this.records;
  }

  #growBounds(used: number, need: number): [Int32Array, Float64Array] {
    let size = this.bounds.length;
    while (size < need) size *= 2;
    const grown = new Int32Array(size);
    grown.set(this.bounds.subarray(0, used));
    this.bounds = grown;
    const values = new Float64Array(size >> 1);
    values.set(this.values.subarray(0, used >> 1));
    this.values = values;
    return [grown, values];
  }

  /** Close the record of `n` fields whose bounds end at `out`; returns the new write index. */
  #endRecord(out: number, n: number): number {
    const base = this.#recordBase;
    const row = this.#row++;
    const quoted = this.#anyQuoted;
    this.#anyQuoted = false;
    if (n === 1 && !quoted && isBlankBytes(this.#buf, this.bounds[base]!, this.bounds[base + 1]!)) return base;
    if (this.width >= 0) {
      if (n !== this.width) throw benchtopError('csv_ragged_row', { row, fields: n, expected: this.width });
    } else this.widths.push(n);
    this.records++;
    this.#recordBase = out;
    return out;
  }
}
