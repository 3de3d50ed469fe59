import { benchtopError } from '../errors.ts';

/**
 * Receives each record: its fields, whether any field was quoted, and its 1-based record number
 * (blank lines count, line breaks inside quotes do not: the row a spreadsheet shows).
 */
export type CsvRecordSink = (fields: string[], anyQuoted: boolean, row: number) => void;

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

// Tokenizer states (plain numbers: the hot loop switches on them).
const FIELD_START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
/** Inside quotes, just saw '"': either a doubled quote or the closing one. */
const QUOTE_SEEN = 3;

/**
 * An RFC 4180 tokenizer fed text in arbitrary pieces: all state (partial field, open quote,
 * a CR whose LF may start the next piece) carries across `push` calls, so chunk boundaries
 * never change the result. Accepts CRLF, LF and lone CR line ends. Lenient where RFC 4180 is
 * silent: a quote inside an unquoted field is literal, and text after a closing quote is
 * appended to the field.
 */
export class CsvTokenizer {
  readonly #delim: number;
  readonly #sink: CsvRecordSink;
  #state: number = FIELD_START;
  #field = '';
  #record: string[] = [];
  #anyQuoted = false;
  #row = 1;
  #quoteRow = 1;
  #skipLf = false;

  constructor(delimiter: string, sink: CsvRecordSink) {
    if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r')
      throw benchtopError('csv_bad_delimiter', { delimiter });
    this.#delim = delimiter.charCodeAt(0);
    this.#sink = sink;
  }

  push(text: string): void {
    const n = text.length;
    const delim = this.#delim;
    let i = 0;
    if (this.#skipLf && n > 0) {
      if (text.charCodeAt(0) === LF) i = 1;
      this.#skipLf = false;
    }
    while (i < n) {
      switch (this.#state) {
        case FIELD_START:
          if (text.charCodeAt(i) === QUOTE) {
            this.#state = QUOTED;
            this.#quoteRow = this.#row;
            this.#anyQuoted = true;
            i++;
            break;
          }
          this.#state = UNQUOTED;
          break;
        case UNQUOTED: {
          let j = i;
          let c = 0;
          while (j < n) {
            c = text.charCodeAt(j);
            if (c === delim || c === LF || c === CR) break;
            j++;
          }
          this.#field += text.slice(i, j);
          if (j === n) return;
          i = j + 1;
          this.#endField();
          if (c !== delim) {
            this.#endRecord();
            if (c === CR) {
              if (i < n) {
                if (text.charCodeAt(i) === LF) i++;
              } else this.#skipLf = true;
            }
          }
          this.#state = FIELD_START;
          break;
        }
        case QUOTED: {
          const j = text.indexOf('"', i);
          if (j === -1) {
            this.#field += text.slice(i);
            return;
          }
          this.#field += text.slice(i, j);
          i = j + 1;
          this.#state = QUOTE_SEEN;
          break;
        }
        case QUOTE_SEEN:
          if (text.charCodeAt(i) === QUOTE) {
            this.#field += '"';
            i++;
            this.#state = QUOTED;
          } else {
            this.#state = UNQUOTED;
          }
          break;
      }
    }
  }

  /** Flush the last record (a file need not end with a line break); throws on an unclosed quote. */
  finish(): void {
    if (this.#state === QUOTED) throw benchtopError('csv_unclosed_quote', { row: this.#quoteRow });
    if (this.#state !== FIELD_START || this.#record.length > 0 || this.#field !== '') {
      this.#endField();
      this.#endRecord();
    }
    this.#state = FIELD_START;
  }

  #endField(): void {
    this.#record.push(this.#field);
    this.#field = '';
  }

  #endRecord(): void {
    const record = this.#record;
    const quoted = this.#anyQuoted;
    const row = this.#row;
    this.#record = [];
    this.#anyQuoted = false;
    this.#row++;
    this.#sink(record, quoted, row);
  }
}

/** A line with nothing but spaces: skipped wherever it occurs, as pandas and most tools do. */
export function isBlankRecord(fields: string[], anyQuoted: boolean): boolean {
  return fields.length === 1 && !anyQuoted && (fields[0] ?? '').trim() === '';
}
