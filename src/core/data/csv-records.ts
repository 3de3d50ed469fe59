import type { CancelToken, ProgressFn } from '../jobs.ts';
import { CsvSplitter } from './csv-splitter.ts';
import { utf8Chunks } from './read-source.ts';
import type { DataSource } from './read-source.ts';
import { sniffDelimiterBytes } from './sniff-delimiter.ts';
import type { TextEncodingName } from './text-encoding.ts';

/** Receives what the splitter finds; `records` returns false to stop reading early. */
export interface RecordConsumer {
  /** The header's fields (decoded), before any record; throws to reject the header. */
  header(fields: string[]): void;
  /** `count` complete records, `width` fields each, as bounds over `buf` and numbers read while splitting (see CsvSplitter). */
  records(buf: Uint8Array, bounds: Int32Array, width: number, count: number, values: Float64Array): boolean;
  /** Columns whose plain decimals the splitter should read as numbers (asked before each scan). */
  numericColumns?(): Uint8Array | undefined;
  /** About how many records the whole source holds (told once, after the first records). */
  expectRows?(rows: number): void;
}

export interface SplitOptions {
  encoding: TextEncodingName;
  bomLength: number;
  /** Sniffed from the first 64 KiB when absent. */
  delimiter?: string;
  chunkSize?: number;
  onProgress?: ProgressFn;
  cancel?: CancelToken;
  phase?: string;
  name?: string;
}

/** Bytes collected before sniffing: enough for the first records of any sane file. */
const SNIFF_BYTES = 64 * 1024;

const utf8 = new TextDecoder();

/**
 * Stream the source through a CsvSplitter into `consumer`: the first non-blank record is the
 * header, every later one must have as many fields. Returns the delimiter used and whether a
 * header was found. Record consumption happens chunk by chunk, so memory holds one chunk of
 * bytes plus what the consumer keeps.
 */
export async function splitRecords(source: DataSource, opts: SplitOptions, consumer: RecordConsumer): Promise<{ delimiter: string; header: boolean }> {
  let splitter: CsvSplitter | undefined;
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  let header = false;
  let stopped = false;

  // Records per byte so far -> a row estimate, so numeric columns can size their storage once.
  const sourceBytes = typeof source === 'string' ? source.length : source instanceof Uint8Array ? source.length : source.size;
  let bytesSeen = 0;
  let recordsSeen = 0;
  let estimated = false;

  const feed = (chunk: Uint8Array, final: boolean): void => {
    const s = splitter!;
    s.append(chunk);
    bytesSeen += chunk.length;
    for (;;) {
      if (!header) {
        if (s.scan(final, 1) === 0) return;
        const bounds = s.bounds;
        const n = s.widths[0]!;
        const fields: string[] = [];
        for (let j = 0; j < n; j++) fields.push(utf8.decode(s.buffer.subarray(bounds[2 * j]!, bounds[2 * j + 1]!)));
        consumer.header(fields);
        header = true;
        s.width = n;
        continue;
      }
      s.numeric = consumer.numericColumns?.();
      const count = s.scan(final);
      recordsSeen += count;
      if (!estimated && recordsSeen >= 64) {
        estimated = true;
        consumer.expectRows?.((recordsSeen * sourceBytes) / bytesSeen);
      }
      if (count > 0 && !consumer.records(s.buffer, s.bounds, s.width, count, s.values)) stopped = true;
      return;
    }
  };

  const start = (sample: Uint8Array, complete: boolean): void => {
    splitter = new CsvSplitter(opts.delimiter ?? sniffDelimiterBytes(sample, complete));
  };

  const chunks = utf8Chunks(source, {
    encoding: opts.encoding,
    bomLength: opts.bomLength,
    chunkSize: opts.chunkSize,
    onProgress: opts.onProgress,
    cancel: opts.cancel,
    phase: opts.phase,
    name: opts.name,
  });
  for await (const chunk of chunks) {
    if (splitter) {
      feed(chunk, false);
      if (stopped) return { delimiter: String.fromCharCode(splitter.delimiter), header };
      continue;
    }
    // Chunks may be reused views: keep copies until the delimiter is known.
    pending.push(chunk.slice());
    pendingBytes += chunk.length;
    if (opts.delimiter !== undefined || pendingBytes >= SNIFF_BYTES) {
      const sample = concat(pending, pendingBytes);
      pending = [];
      start(sample, false);
      feed(sample, false);
      if (stopped) return { delimiter: String.fromCharCode(splitter!.delimiter), header };
    }
  }
  if (!splitter) {
    const sample = concat(pending, pendingBytes);
    start(sample, true);
    feed(sample, true);
  } else feed(new Uint8Array(0), true);
  return { delimiter: String.fromCharCode(splitter!.delimiter), header };
}

function concat(parts: Uint8Array[], total: number): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
