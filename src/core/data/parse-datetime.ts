// YYYY-MM-DD or YYYY/MM/DD (one- or two-digit month/day), optionally followed by a time
// ('T' or a space, HH:MM[:SS[.fff]]) and, only with a time, a zone (Z, +HH, +HHMM, +HH:MM).
const DATETIME =
  /^(\d{4})([-/])(\d{1,2})\2(\d{1,2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?)?$/;

const DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

const isLeap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/**
 * Epoch milliseconds (UTC) from an ISO-like date or datetime, or null when the text is not one
 * or names an impossible date (2021-02-30). Text without a zone is read as UTC so the same file
 * gives the same numbers on every machine, whatever its time zone.
 */
export function parseDatetime(text: string): number | null {
  const m = DATETIME.exec(text.trim());
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[3]);
  const day = Number(m[4]);
  if (month < 1 || month > 12 || day < 1) return null;
  if (day > (DAYS[month - 1] ?? 0) || (month === 2 && day === 29 && !isLeap(year))) return null;
  const hour = m[5] === undefined ? 0 : Number(m[5]);
  const minute = m[6] === undefined ? 0 : Number(m[6]);
  const second = m[7] === undefined ? 0 : Number(m[7]);
  const millis = m[8] === undefined ? 0 : Number(m[8].slice(0, 3).padEnd(3, '0'));
  if (hour > 23 || minute > 59 || second > 59) return null;
  let offsetMinutes = 0;
  if (m[10] !== undefined) {
    const oh = Number(m[11]);
    const om = m[12] === undefined ? 0 : Number(m[12]);
    if (oh > 23 || om > 59) return null;
    offsetMinutes = (m[10] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  let ms = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  // Date.UTC maps years 0..99 to 1900..1999.
  if (year < 100) ms = new Date(ms).setUTCFullYear(year);
  return ms - offsetMinutes * 60_000;
}
