import { benchtopError } from '../errors.ts';

/**
 * Check a header: every name non-blank (after trimming) and unique. Names are kept literally
 * ('__proto__', ' spaced ', '=HYPERLINK(...)'): they are only ever used as Map keys or array
 * entries. With `rename`, blanks become 'column_<position>' and repeats '<name>_2', '_3', ...
 * (never colliding with another name) and `note` says what changed; without it the first
 * problem in field order is csv_blank_header or csv_duplicate_header.
 */
export function checkHeader(fields: readonly string[], rename: boolean): { names: string[]; note?: string } {
  const taken = new Set(fields);
  const seen = new Set<string>();
  const names: string[] = [];
  const changes: string[] = [];
  const duplicates = duplicatesOf(fields);
  fields.forEach((field, i) => {
    let name = field;
    if (field.trim() === '') {
      if (!rename) throw benchtopError('csv_blank_header', { index: i + 1 });
      name = fresh(`column_${i + 1}`, taken);
      changes.push(`field ${i + 1} (blank) -> "${name}"`);
    } else if (seen.has(field)) {
      if (!rename) {
        const others = duplicates.filter((d) => d !== field);
        throw benchtopError('csv_duplicate_header', { column: field, others: others.map((d) => `"${d}"`).join(', ') || undefined });
      }
      name = fresh(field, taken, 2);
      changes.push(`field ${i + 1} "${field}" -> "${name}"`);
    }
    seen.add(name);
    names.push(name);
  });
  return changes.length === 0 ? { names } : { names, note: `Renamed header fields so every column has a unique name: ${changes.join('; ')}.` };
}

/** `base` if free, else base_2, base_3, ... (from `from`); the result is marked taken. */
function fresh(base: string, taken: Set<string>, from = 1): string {
  let name = from === 1 ? base : `${base}_${from}`;
  for (let k = from + 1; taken.has(name); k++) name = `${base}_${k}`;
  taken.add(name);
  return name;
}

function duplicatesOf(fields: readonly string[]): string[] {
  const count = new Map<string, number>();
  for (const f of fields) if (f.trim() !== '') count.set(f, (count.get(f) ?? 0) + 1);
  return [...count].filter(([, k]) => k > 1).map(([f]) => f);
}
