/**
 * One CSV cell, RFC 4180 quoted when needed. Text that a spreadsheet would run as a formula
 * (leading =, +, -, @, tab or CR, unless it is a number) gets a leading apostrophe, so an
 * exported column name like =HYPERLINK(...) stays text.
 */
export function csvCell(v: string): string {
  const safe = /^[=+\-@\t\r]/.test(v) && !/^[+-]?(\d|\.\d|Infinity)/.test(v) ? `'${v}` : v;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
