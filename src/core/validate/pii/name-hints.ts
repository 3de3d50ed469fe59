/**
 * What a column's name suggests about personal data. A hint only: 'name' may be a product name,
 * 'address' a URL. Reported at low confidence, and used to accept looser value forms (a bare
 * 10-digit number in a 'phone' column is a phone number; in 'quantity' it is not).
 */
import type { ColumnHints, PiiNameHintKind } from './types.ts';

/** Lower-case words of a name: 'DateOfBirth' -> date, of, birth; 'e-mail_2' -> e, mail, 2. */
export function nameTokens(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((t) => t.length > 0);
}

const PERSON_NAME = new Set(['firstname', 'lastname', 'fullname', 'surname', 'forename', 'givenname', 'familyname', 'middlename', 'maidenname']);
const NAME_QUALIFIER = new Set(['first', 'last', 'full', 'given', 'family', 'middle', 'maiden', 'sur', 'fore', 'nick']);
const PERSON = new Set([
  'customer', 'patient', 'person', 'client', 'employee', 'contact', 'user', 'owner', 'passenger', 'member',
  'student', 'applicant', 'holder', 'cardholder', 'guest', 'driver', 'author', 'buyer', 'seller', 'recipient',
]);
const NOT_POSTAL = new Set(['ip', 'mac', 'email', 'mail', 'web', 'url', 'wallet', 'memory', 'bitcoin']);

function has(tokens: readonly string[], words: readonly string[]): boolean {
  return tokens.some((t) => words.includes(t));
}

export function nameHints(name: string): PiiNameHintKind[] {
  const t = nameTokens(name);
  const joined = t.join('');
  const hints: PiiNameHintKind[] = [];
  if (has(t, ['email', 'mail']) || joined.includes('email')) hints.push('email');
  if (has(t, ['phone', 'telephone', 'tel', 'mobile', 'cell', 'cellphone', 'fax', 'msisdn', 'phonenumber'])) hints.push('phone');
  if (has(t, ['ssn', 'nino', 'sin', 'passport', 'tin']) || joined.includes('socialsecurity') || joined.includes('nationalid') || joined.includes('nationalinsurance'))
    hints.push('ssn');
  const nameAt = t.indexOf('name');
  if (
    t.some((w) => PERSON_NAME.has(w)) ||
    (t.length === 1 && t[0] === 'name') ||
    (nameAt > 0 && (NAME_QUALIFIER.has(t[nameAt - 1]!) || PERSON.has(t[nameAt - 1]!)))
  )
    hints.push('name');
  if ((has(t, ['address', 'addr', 'street', 'postcode', 'zip', 'zipcode', 'postal']) && !t.some((w) => NOT_POSTAL.has(w))) || joined.includes('streetaddress'))
    hints.push('address');
  if (has(t, ['dob', 'birth', 'birthday', 'birthdate', 'born']) || joined.includes('dateofbirth')) hints.push('dob');
  return hints;
}

export function columnHints(hints: readonly PiiNameHintKind[]): ColumnHints {
  return { phone: hints.includes('phone'), ssn: hints.includes('ssn') };
}
