import { deflateSync } from 'fflate';
import { toBase64url } from './base64url.ts';
import { canonicalJson } from './canonical-json.ts';
import type { ShareLink, ShareLinkOutput } from './types.ts';

/** Prefix of every encoded payload: the format version, so a later format can be told apart before decoding. */
export const LINK_PREFIX = 'b1.';
/**
 * Longest fragment a link carries. Browsers accept far longer URLs, but chat apps, e-mail and
 * QR codes cut them; past this the studio offers the spec as a file instead.
 */
export const LINK_BUDGET = 8192;
/** Where a link's payload lives in the studio's address: `<base>#/link/<fragment>`. */
export const LINK_ROUTE = '#/link/';

/** Canonical JSON -> raw DEFLATE -> base64url, behind the version prefix. Deterministic. */
export function encodeShareLink(payload: ShareLink): string {
  const bytes = new TextEncoder().encode(canonicalJson(payload));
  return LINK_PREFIX + toBase64url(deflateSync(bytes, { level: 9 }));
}

/** The fragment, or `tooLong` when it would pass the budget; `json` is the file to offer instead. */
export function shareLinkOutput(payload: ShareLink, budget = LINK_BUDGET): ShareLinkOutput {
  const fragment = encodeShareLink(payload);
  const json = JSON.stringify(payload, null, 2) + '\n';
  if (fragment.length > budget) return { length: fragment.length, tooLong: true, json };
  return { fragment, length: fragment.length, tooLong: false, json };
}

/** The full address: the studio's page (without its own fragment) + `#/link/` + fragment. */
export function shareUrl(base: string, fragment: string): string {
  const hash = base.indexOf('#');
  return (hash < 0 ? base : base.slice(0, hash)) + LINK_ROUTE + fragment;
}

/**
 * The payload part of whatever the user pasted: a whole URL (…#/link/b1.xxx), a fragment
 * (#/link/b1.xxx, /link/b1.xxx) or the bare payload.
 */
export function fragmentOf(input: string): string {
  const text = input.trim();
  const at = text.indexOf(LINK_ROUTE);
  if (at >= 0) return text.slice(at + LINK_ROUTE.length);
  if (text.startsWith('/link/')) return text.slice('/link/'.length);
  if (text.startsWith('#')) return text.slice(1);
  return text;
}
