const TRUE = new Set(['true', 'yes', 't', 'y', '1']);
const FALSE = new Set(['false', 'no', 'f', 'n', '0']);

/**
 * true/false from the usual spellings (case-insensitive), or null. '1'/'0' are accepted so a
 * column forced to boolean can hold them; inference tries numeric first, so 0/1 columns stay numeric.
 */
export function parseBoolean(text: string): boolean | null {
  const s = text.trim().toLowerCase();
  if (TRUE.has(s)) return true;
  if (FALSE.has(s)) return false;
  return null;
}

/** The word spellings only: what makes inference call a column boolean. */
export function isBooleanWord(text: string): boolean {
  const s = text.trim().toLowerCase();
  return s !== '1' && s !== '0' && (TRUE.has(s) || FALSE.has(s));
}
