import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { trimEnd, trimStart } from '../../../src/core/data/byte-trim.ts';
import { distinctFloat64, distinctUtf8 } from '../../../src/core/data/distinct-count.ts';
import { MissingTokenMatcher } from '../../../src/core/data/missing-token-matcher.ts';
import { parseBoolean } from '../../../src/core/data/parse-boolean.ts';
import { isBooleanWordBytes, parseBooleanBytes } from '../../../src/core/data/parse-boolean-bytes.ts';
import { parseDatetime } from '../../../src/core/data/parse-datetime.ts';
import { DATE_DAY_FIRST, DATE_FIXED, DATE_MONTH_FIRST, datetimeScan, parseDatetimeBytes } from '../../../src/core/data/parse-datetime-bytes.ts';
import { parseNumber } from '../../../src/core/data/parse-number.ts';
import { LEADING_ZERO, numberScan, parseNumberBytes, UNSAFE_INTEGER, ZERO_OR_ONE } from '../../../src/core/data/parse-number-bytes.ts';
import { Utf8Validator, windows1252ToUtf8 } from '../../../src/core/data/text-encoding.ts';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

/** Bytes of `s`, trimmed the byte way. */
function trimmed(s: string): [Uint8Array, number, number] {
  const b = utf8(s);
  const start = trimStart(b, 0, b.length);
  return [b, start, trimEnd(b, start, b.length)];
}

const number = (s: string): number => {
  const [b, start, end] = trimmed(s);
  return parseNumberBytes(b, start, end);
};

describe('byte trim', () => {
  test('removes exactly what String.prototype.trim removes', () => {
    const pieces = [' ', '\t', '\n', '\r', '\v', '\f', '\u00a0', '\u1680', '\u2000', '\u200a', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000', '\ufeff', '\u0085', '\u200b', 'a', 'é', '€', '😀'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 8 }), (parts) => {
        const s = parts.join('');
        const [b, start, end] = trimmed(s);
        expect(new TextDecoder().decode(b.subarray(start, end))).toBe(s.trim());
      }),
      { numRuns: 2000 },
    );
  });
});

describe('parseNumberBytes', () => {
  test('agrees with parseNumber (grammar and bit-identical values) on random spellings', () => {
    const chars = fc.constantFrom(...'0123456789.eE+- x\u00a0_,'.split(''));
    fc.assert(
      fc.property(fc.string({ unit: chars, maxLength: 14 }), (s) => {
        const want = parseNumber(s);
        const got = number(s);
        if (want === null) expect(got).toBeNaN();
        else expect(Object.is(got, want)).toBe(true);
      }),
      { numRuns: 20_000 },
    );
  });

  test('agrees with Number() on every way JavaScript prints doubles', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer({ min: 0, max: 20 }), (x, digits) => {
        for (const s of [String(x), x.toFixed(Math.min(digits, 20)), x.toExponential(digits), x.toPrecision(digits + 1)]) {
          const want = parseNumber(s);
          const got = number(s);
          if (want === null) expect(got).toBeNaN();
          else expect(Object.is(got, want), s).toBe(true);
        }
      }),
      { numRuns: 5_000 },
    );
  });

  test('flags: leading zeros, integers beyond 2^53, 0/1', () => {
    const flags = (s: string): number => (number(s), numberScan.flags);
    expect(flags('007') & LEADING_ZERO).toBeTruthy();
    expect(flags('-01.5') & LEADING_ZERO).toBeTruthy();
    expect(flags('0.5') & LEADING_ZERO).toBe(0);
    expect(flags('9007199254740992') & UNSAFE_INTEGER).toBe(0);
    expect(flags('9007199254740993') & UNSAFE_INTEGER).toBeTruthy();
    expect(flags('-12345678901234567890') & UNSAFE_INTEGER).toBeTruthy();
    expect(flags('12345678901234567890.0') & UNSAFE_INTEGER).toBe(0);
    expect(flags(' 1 ') & ZERO_OR_ONE).toBeTruthy();
    expect(flags('+1') & ZERO_OR_ONE).toBe(0);
    expect(flags('1.') & ZERO_OR_ONE).toBe(0);
  });
});

describe('parseBooleanBytes', () => {
  test('agrees with parseBoolean', () => {
    const words = ['true', 'TRUE', 'tRuE', 'yes', 'Y', 'n', 'no', 'NO', 'f', 'F', 'false', 'FaLsE', '1', '0', 't', '', 'tru', 'yess', '2', '|', '10', 'nO'];
    for (const w of [...words, ...words.map((x) => ` ${x}\t`)]) {
      const [b, s, e] = trimmed(w);
      const want = parseBoolean(w);
      expect(parseBooleanBytes(b, s, e), w).toBe(want === null ? -1 : want ? 1 : 0);
      expect(isBooleanWordBytes(b, s, e), w).toBe(want !== null && w.trim() !== '1' && w.trim() !== '0');
    }
  });
});

describe('parseDatetimeBytes', () => {
  const at = (s: string, dayFirst = false): number => {
    const [b, start, end] = trimmed(s);
    return parseDatetimeBytes(b, start, end, dayFirst);
  };

  test('agrees with parseDatetime on ISO-like spellings (random)', () => {
    const two = (n: number): string => String(n).padStart(2, '0');
    const iso = fc
      .record({
        y: fc.integer({ min: 0, max: 9999 }),
        m: fc.integer({ min: 0, max: 13 }),
        d: fc.integer({ min: 0, max: 32 }),
        sep: fc.constantFrom('-', '/'),
        pad: fc.boolean(),
        time: fc.option(fc.tuple(fc.integer({ min: 0, max: 25 }), fc.integer({ min: 0, max: 61 }), fc.option(fc.integer({ min: 0, max: 61 })), fc.option(fc.integer({ min: 0, max: 999_999 })))),
        zone: fc.constantFrom('', 'Z', 'z', '+02:00', '-0130', '+05', '+24:00'),
        joiner: fc.constantFrom('T', ' '),
      })
      .map(({ y, m, d, sep, pad, time, zone, joiner }) => {
        const date = `${String(y).padStart(4, '0')}${sep}${pad ? two(m) : m}${sep}${pad ? two(d) : d}`;
        if (!time) return date;
        const [h, mi, s, f] = time;
        return `${date}${joiner}${two(h)}:${two(mi)}${s === null ? '' : `:${two(s)}${f === null ? '' : `.${f}`}`}${zone}`;
      });
    fc.assert(
      fc.property(iso, (s) => {
        const want = parseDatetime(s);
        const got = at(s);
        if (want === null) expect(got).toBeNaN();
        else expect(got).toBe(want);
      }),
      { numRuns: 20_000 },
    );
  });

  test('the other forms and the flags inference reads', () => {
    expect(at('24.12.2020')).toBe(Date.UTC(2020, 11, 24));
    expect(datetimeScan.flags).toBe(DATE_FIXED);
    expect(at('12/25/2020')).toBe(Date.UTC(2020, 11, 25));
    expect(datetimeScan.flags).toBe(DATE_MONTH_FIRST);
    expect(at('25/12/2020')).toBeNaN();
    expect(datetimeScan.flags).toBe(DATE_DAY_FIRST);
    expect(at('25/12/2020', true)).toBe(Date.UTC(2020, 11, 25));
    expect(at('03-04-2020 10:30')).toBe(Date.UTC(2020, 2, 4, 10, 30));
    expect(datetimeScan.flags).toBe(DATE_MONTH_FIRST | DATE_DAY_FIRST);
    expect(at('03-04-2020 10:30', true)).toBe(Date.UTC(2020, 3, 3, 10, 30));
    expect(at('Jan 5 2020')).toBe(Date.UTC(2020, 0, 5));
    expect(at('January 5, 2020 13:45:10Z')).toBe(Date.UTC(2020, 0, 5, 13, 45, 10));
    expect(at('5 Sep 2021')).toBe(Date.UTC(2021, 8, 5));
    expect(at('05-sep-2021')).toBe(Date.UTC(2021, 8, 5));
    expect(at('29.02.2021')).toBeNaN();
    expect(at('31/31/2020')).toBeNaN();
    expect(datetimeScan.flags).toBe(0);
    for (const s of ['Janx 5 2020', 'Jan 5', '5 Jan', '2020', '12/2020', '1/2/20', 'Sept 5 2020', 'Jan 32 2020', '2020.01.02']) expect(at(s), s).toBeNaN();
  });
});

describe('Utf8Validator and Windows-1252', () => {
  test('the validator rejects exactly what a fatal TextDecoder rejects, across any chunking', () => {
    const fatal = new TextDecoder('utf-8', { fatal: true });
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), fc.integer({ min: 1, max: 7 }), (bytes, chunk) => {
        let ok = true;
        try {
          fatal.decode(bytes);
        } catch {
          ok = false;
        }
        const v = new Utf8Validator();
        let bad = -1;
        for (let i = 0; i < bytes.length && bad < 0; i += chunk) bad = v.push(bytes.subarray(i, i + chunk));
        if (bad < 0) bad = v.finish();
        expect(bad < 0).toBe(ok);
      }),
      { numRuns: 20_000 },
    );
  });

  test('valid UTF-8 text (mostly ASCII, so the word-at-a-time path runs) passes', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => {
        const v = new Utf8Validator();
        expect(v.push(utf8(s))).toBe(-1);
        expect(v.finish()).toBe(-1);
      }),
    );
  });

  test('Windows-1252 transcoding follows the WHATWG table', () => {
    // Node's own 'windows-1252' decoder is plain Latin-1, so the 0x80-0x9F block is spelled out.
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    const text = new TextDecoder().decode(windows1252ToUtf8(all));
    expect(text.length).toBe(256);
    for (let i = 0; i < 0x80; i++) expect(text.charCodeAt(i)).toBe(i);
    for (let i = 0xa0; i < 0x100; i++) expect(text.charCodeAt(i)).toBe(i);
    const block = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';
    expect(text.slice(0x80, 0xa0)).toBe(block);
  });
});

describe('distinct counts', () => {
  test('floats: equal to a Set (0 and -0 one value), nulls skipped, small and large', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: -50, max: 50 }), fc.double({ noNaN: true }), fc.constant(-0)), { maxLength: 300 }), (xs) => {
        const values = Float64Array.from(xs);
        const validity = new Uint8Array((xs.length + 7) >> 3).fill(0xff);
        for (let i = 0; i < xs.length; i += 3) validity[i >> 3]! &= ~(1 << (i & 7));
        expect(distinctFloat64(values, undefined)).toBe(new Set(xs).size);
        expect(distinctFloat64(values, validity)).toBe(new Set(xs.filter((_, i) => i % 3 !== 0)).size);
      }),
    );
    const big = Float64Array.from({ length: 600_000 }, (_, i) => (i % 250_007) / 7);
    expect(distinctFloat64(big, undefined)).toBe(250_007);
  });

  test('fixed-point columns (counted with a bitset) stay exact, also when a later value breaks the pattern', () => {
    const cents = Array.from({ length: 5000 }, (_, i) => Number(((i % 1234) * 0.01 - 3).toFixed(2)));
    expect(distinctFloat64(Float64Array.from(cents), undefined)).toBe(new Set(cents).size);
    const broken = [...cents, 0.1 + 0.2, 0.3, 1e-9, -0, 0, 2 ** 60];
    expect(distinctFloat64(Float64Array.from(broken), undefined)).toBe(new Set(broken).size);
    const wide = Array.from({ length: 3000 }, (_, i) => i * 1e6 + 0.5);
    expect(distinctFloat64(Float64Array.from([...wide, ...wide]), undefined)).toBe(3000);
    expect(distinctFloat64(Float64Array.from([1, NaN, 2, NaN]), undefined)).toBe(3);
  });

  test('strings: byte-wise distinct', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 4 }), { maxLength: 300 }), (xs) => {
        const parts = xs.map(utf8);
        const offsets = new Int32Array(xs.length + 1);
        parts.forEach((p, i) => (offsets[i + 1] = offsets[i]! + p.length));
        const bytes = new Uint8Array(offsets[xs.length]!);
        parts.forEach((p, i) => bytes.set(p, offsets[i]!));
        expect(distinctUtf8(bytes, offsets, undefined)).toBe(new Set(parts.map((p) => p.join(','))).size);
      }),
    );
  });
});

describe('MissingTokenMatcher', () => {
  test('tokens are trimmed and matched exactly; numeric tokens are flagged', () => {
    const m = new MissingTokenMatcher([' NA ', '-999', 'NA', '']);
    expect(m.tokens).toEqual(['NA', '-999', '']);
    expect(m.hasNumericToken).toBe(true);
    const match = (s: string): number => {
      const [b, start, end] = trimmed(s);
      return m.match(b, start, end);
    };
    expect(match(' NA')).toBe(0);
    expect(match('na')).toBe(-1);
    expect(match('-999')).toBe(1);
    expect(match('  ')).toBe(2);
    expect(new MissingTokenMatcher(['x']).match(utf8(''), 0, 0)).toBe(-1);
  });
});
