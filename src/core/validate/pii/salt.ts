/** A random salt for hashing PII: 16 bytes from the platform's cryptographic generator, as hex. */
export function generateSalt(bytes = 16): string {
  const buf = new Uint8Array(bytes);
  globalThis.crypto.getRandomValues(buf);
  let hex = '';
  for (const b of buf) hex += b.toString(16).padStart(2, '0');
  return hex;
}

/** Hex characters kept from each SHA-256: 64 bits, enough that distinct values in one table do not collide in practice. */
export const HASH_HEX_CHARS = 16;

/** Lowercase hex SHA-256 of (salt + value) in UTF-8, cut to HASH_HEX_CHARS. */
export async function saltedHash(salt: string, value: string): Promise<string> {
  const digest = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(salt + value)));
  let hex = '';
  for (let i = 0; i < HASH_HEX_CHARS / 2; i++) hex += digest[i]!.toString(16).padStart(2, '0');
  return hex;
}
