/**
 * Cell spellings that mean "no value", compared after trimming. Case-sensitive on purpose:
 * 'None' and 'NULL' are tool conventions, while e.g. 'none' in a text column may be a real answer.
 * '.' (SAS style) is deliberately not here: it also occurs as a real label.
 */
export const MISSING_TOKENS: ReadonlySet<string> = new Set(['', 'NA', 'N/A', 'NaN', 'nan', 'null', 'NULL', 'None', '?']);

export function isMissingToken(value: string): boolean {
  return MISSING_TOKENS.has(value.trim());
}
