import type { PiiAction, PiiColumnReport, PiiKind, PiiNameHintKind } from '../../../core/validate/pii/types.ts';

export type PiiChoice = 'keep' | PiiAction['action'];

/** At this share of matching values the values themselves are the personal data, not text around it. */
const WHOLE_COLUMN_SHARE = 0.5;

/**
 * The action a review starts from. A column whose values mostly are personal data is hashed:
 * equal values stay equal, so it still works as an id or join key, without the raw values. A
 * column where only some values hold a match (notes with a phone number in them) is masked:
 * only the matches are replaced and the rest of the text stays. A column only its name points
 * at is kept: a name is a hint, not evidence, and the person decides.
 */
export function defaultChoice(column: PiiColumnReport): PiiChoice {
  if (column.findings.some((f) => f.share >= WHOLE_COLUMN_SHARE)) return 'hash';
  if (column.findings.length > 0) return 'mask';
  return 'keep';
}

/** The chosen actions as the worker takes them: 'keep' columns are left out. */
export function actionsOf(choices: ReadonlyMap<string, PiiChoice>): PiiAction[] {
  return [...choices].flatMap(([column, choice]) => (choice === 'keep' ? [] : [{ column, action: choice }]));
}

const KIND_LABELS: Record<PiiKind, string> = {
  email: 'Email address',
  phone: 'Phone number',
  credit_card: 'Card number',
  iban: 'IBAN',
  ipv4: 'IPv4 address',
  ipv6: 'IPv6 address',
  us_ssn: 'US social security number',
  uk_nino: 'UK national insurance number',
};

const HINT_LABELS: Record<PiiNameHintKind, string> = {
  email: 'email',
  phone: 'phone',
  ssn: 'social security number',
  name: 'person name',
  address: 'address',
  dob: 'date of birth',
};

export const piiKindLabel = (kind: PiiKind): string => KIND_LABELS[kind];
export const nameHintLabel = (kind: PiiNameHintKind): string => HINT_LABELS[kind];

export const CHOICE_LABELS: Record<PiiChoice, string> = {
  keep: 'Keep',
  drop: 'Drop',
  mask: 'Mask',
  hash: 'Hash',
};
