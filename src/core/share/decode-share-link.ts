/**
 * Links are untrusted input: a stranger wrote them. Decoding refuses, with a coded error and
 * before any work grows with the input, anything oversized (characters, then bytes while
 * inflating: a few kilobytes of DEFLATE can expand to gigabytes), corrupt (base64url, DEFLATE,
 * UTF-8, JSON) or from an unknown format; then validateShareLink applies only allow-listed fields.
 */
import { Inflate } from 'fflate';
import { benchtopError, isBenchtopError } from '../errors.ts';
import { fromBase64url } from './base64url.ts';
import { LINK_BUDGET, fragmentOf } from './encode-share-link.ts';
import type { ShareLink } from './types.ts';
import { validateShareLink } from './validate-share-link.ts';

/** Most bytes a payload may inflate to; real payloads are a few kilobytes. */
export const MAX_INFLATED_BYTES = 256 * 1024;
/** DEFLATE expands at most ~1032:1, so feeding 64 bytes at a time overshoots the cap by at most ~66 KB. */
const FEED = 64;

/** A link (whole URL, fragment or bare payload) -> its validated payload, or a link_* error. */
export function decodeShareLink(input: string): ShareLink {
  if (typeof input !== 'string') throw benchtopError('link_corrupt', { reason: 'it is not text' });
  const fragment = fragmentOf(input.length > LINK_BUDGET * 2 ? input.slice(0, LINK_BUDGET * 2 + 1) : input);
  if (fragment.length > LINK_BUDGET) throw benchtopError('link_too_large', { size: fragment.length, unit: 'characters', limit: LINK_BUDGET });
  if (fragment === '') throw benchtopError('link_corrupt', { reason: 'it is empty' });
  const tag = /^b([0-9]{1,6})\./.exec(fragment);
  if (!tag) throw benchtopError('link_corrupt', { reason: 'it does not start with a format tag such as "b1."' });
  if (tag[1] !== '1') throw benchtopError('link_version_unsupported', { version: `b${tag[1]}`, supported: 'b1' });
  const bytes = fromBase64url(fragment.slice(tag[0].length));
  if (!bytes || bytes.length === 0) throw benchtopError('link_corrupt', { reason: 'it holds characters that are not base64url, or is cut short' });
  const json = inflateCapped(bytes, MAX_INFLATED_BYTES);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(json);
  } catch {
    throw benchtopError('link_corrupt', { reason: 'the decompressed payload is not UTF-8 text' });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw benchtopError('link_corrupt', { reason: 'the decompressed payload is not JSON' });
  }
  return validateShareLink(value);
}

/**
 * The payload saved as a JSON file (what is offered when a link would be too long): the same
 * checks as a link's decompressed payload.
 */
export function parseShareFile(text: string): ShareLink {
  if (text.length > MAX_INFLATED_BYTES) throw benchtopError('link_too_large', { size: text.length, unit: 'characters', limit: MAX_INFLATED_BYTES });
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw benchtopError('link_corrupt', { reason: 'the file is not JSON' });
  }
  return validateShareLink(value);
}

/**
 * A link (URL, fragment or payload) or the text of a shared spec file, told apart by the
 * file's leading '{' (base64url payloads never contain one).
 */
export function readShareLink(input: string): ShareLink {
  return input.trimStart().startsWith('{') ? parseShareFile(input) : decodeShareLink(input);
}

/** Raw DEFLATE -> bytes, refusing (link_too_large) as soon as the output passes `cap`. */
export function inflateCapped(bytes: Uint8Array, cap: number): Uint8Array {
  const parts: Uint8Array[] = [];
  let total = 0;
  let ended = false;
  const inflater = new Inflate((chunk, final) => {
    parts.push(chunk);
    total += chunk.length;
    if (final) ended = true;
  });
  try {
    for (let i = 0; i < bytes.length; i += FEED) {
      const end = Math.min(bytes.length, i + FEED);
      inflater.push(bytes.subarray(i, end), end === bytes.length);
      if (total > cap) throw benchtopError('link_too_large', { size: `more than ${cap.toLocaleString('en-US')}`, unit: 'bytes once decompressed', limit: cap });
    }
  } catch (e) {
    if (isBenchtopError(e)) throw e;
    throw benchtopError('link_corrupt', { reason: 'the compressed data is damaged' });
  }
  if (!ended) throw benchtopError('link_corrupt', { reason: 'the compressed data is cut short' });
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
