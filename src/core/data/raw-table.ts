/**
 * What the parsers hand to inference: column-major cells as the file spelled them.
 * Missing tokens ('', 'NA', ...) are already null, so inference and building never re-check them.
 * Column names stay in an array (never object keys) so names like `__proto__` are safe.
 */
export interface RawTable {
  names: string[];
  columns: (string | null)[][];
}
