import fc from 'fast-check';
import { deflateSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { toBase64url } from '../../../src/core/share/base64url.ts';
import { decodeShareLink } from '../../../src/core/share/decode-share-link.ts';
import { encodeShareLink } from '../../../src/core/share/encode-share-link.ts';
import { validateShareLink } from '../../../src/core/share/validate-share-link.ts';
import { isBenchtopError } from '../../../src/core/errors.ts';
import { penguinsLink } from './fixture.ts';

const LINK_CODES = new Set(['link_corrupt', 'link_too_large', 'link_version_unsupported', 'link_invalid']);

/** Either a payload that encodes back to a decodable link, or a coded link error: never anything else. */
function decodesOrRefuses(input: string): void {
  let link;
  try {
    link = decodeShareLink(input);
  } catch (e) {
    if (!isBenchtopError(e)) throw new Error(`uncoded failure: ${String(e)}`);
    expect(LINK_CODES.has(e.code)).toBe(true);
    return;
  } finally {
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(Array.prototype).not.toHaveProperty('polluted');
  }
  expect(decodeShareLink(encodeShareLink(link))).toEqual(link);
}

const craft = (json: string): string => 'b1.' + toBase64url(deflateSync(new TextEncoder().encode(json)));

describe('share links: fuzz', () => {
  it('random text never throws anything but a coded error', () => {
    fc.assert(fc.property(fc.string({ maxLength: 400 }), (s) => decodesOrRefuses(s)), { numRuns: 500 });
    fc.assert(fc.property(fc.string({ maxLength: 400 }), (s) => decodesOrRefuses('b1.' + s)), { numRuns: 500 });
  });

  it('random bytes behind a valid prefix never throw anything but a coded error', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 2000 }), (bytes) => decodesOrRefuses('b1.' + toBase64url(bytes))), { numRuns: 500 });
  });

  it('random JSON values, deflated, are refused with a coded error', () => {
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 6 }), (v) => decodesOrRefuses(craft(JSON.stringify(v)))), { numRuns: 300 });
  });

  it('mutated valid links (characters changed, cut, extended) decode or are refused', async () => {
    const fragment = encodeShareLink((await penguinsLink()).link);
    const mutation = fc.record({ at: fc.nat({ max: fragment.length - 1 }), char: fc.constantFrom(...'ABCxyz019-_.%=+/ '), cut: fc.boolean() });
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (ms) => {
        let s = fragment;
        for (const m of ms) s = m.cut ? s.slice(0, m.at) : s.slice(0, m.at) + m.char + s.slice(m.at + 1);
        decodesOrRefuses(s);
      }),
      { numRuns: 400 },
    );
  });

  it('hostile edits of a valid payload object are applied only when schema-valid', async () => {
    const { link } = await penguinsLink();
    const base = JSON.parse(JSON.stringify(link)) as Record<string, unknown>;
    const key = fc.constantFrom('__proto__', 'constructor', 'prototype', 'format', 'spec', 'source', 'contract', 'expected', 'seed', 'model', 'kind', 'data', 'x');
    const value = fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constant({ polluted: true }), fc.constant({ prototype: { polluted: true } }));
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('(root)', 'spec', 'spec.model', 'spec.data', 'source', 'expected', 'expected.metrics'), key, value), { minLength: 1, maxLength: 3 }), (edits) => {
        const copy = JSON.parse(JSON.stringify(base)) as Record<string, unknown>;
        for (const [where, k, v] of edits) {
          let target: unknown = copy;
          if (where !== '(root)') for (const part of where.split('.')) target = (target as Record<string, unknown> | undefined)?.[part];
          // defineProperty: write "__proto__" as a plain key, as JSON.parse would.
          if (target && typeof target === 'object') Object.defineProperty(target, k, { value: structuredClone(v), enumerable: true, writable: true, configurable: true });
        }
        const text = JSON.stringify(copy);
        decodesOrRefuses(craft(text));
        // The validator on the parsed object directly (no encoding in the way).
        try {
          validateShareLink(JSON.parse(text));
        } catch (e) {
          expect(isBenchtopError(e) && e.code).toBe('link_invalid');
        }
      }),
      { numRuns: 400 },
    );
  });
});
