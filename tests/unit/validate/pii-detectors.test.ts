import { describe, expect, test } from 'vitest';
import { PII_DETECTORS, scanCell, nameHints } from '../../../src/core/validate/pii/index.ts';
import type { ColumnHints, PiiKind } from '../../../src/core/validate/pii/index.ts';
import { luhnValid } from '../../../src/core/validate/pii/luhn.ts';
import { ibanChecksumValid } from '../../../src/core/validate/pii/iban.ts';

const plain: ColumnHints = { phone: false, ssn: false };

/** Valid matches in a cell as [kind, matched text]. */
function found(value: string, hints: ColumnHints = plain): [PiiKind, string][] {
  return scanCell(value, hints)
    .filter((m) => m.valid)
    .map((m) => [PII_DETECTORS[m.detector]!.kind, value.slice(m.start, m.end)]);
}

const detector = (kind: PiiKind) => PII_DETECTORS.find((d) => d.kind === kind)!;

describe('email', () => {
  test.each(['jane.doe@example.com', 'j+tag@mail.example.co.uk', 'A_B%c-1@sub-domain.example.org'])('finds %s', (v) => {
    expect(found(v)).toEqual([['email', v]]);
  });
  test('inside text, with the sentence full stop left out', () => {
    expect(found('Write to jane@example.com.')).toEqual([['email', 'jane@example.com']]);
  });
  test.each(['jane@localhost', '@example.com', 'jane.@example.com', '.jane@example.com', 'ja..ne@example.com', 'jane@example', 'price@ 5'])(
    'refuses %s',
    (v) => {
      expect(found(v).filter(([k]) => k === 'email')).toEqual([]);
    },
  );
  test('preview and redaction', () => {
    expect(detector('email').preview('jane@example.com')).toBe('j***@example.com');
    expect(detector('email').redact('jane@example.com')).toBe('***@***');
  });
});

describe('credit card', () => {
  test.each(['4111111111111111', '4111 1111 1111 1111', '4111-1111-1111-1111', '5500 0000 0000 0004', '3782 822463 10005', '6011111111111117', '3530111333300000'])(
    'finds the Luhn-valid test number %s',
    (v) => {
      expect(found(v)).toEqual([['credit_card', v]]);
    },
  );
  test('refuses a Luhn failure, an unknown issuer, mixed separators and a wrong length for the issuer', () => {
    expect(found('4111 1111 1111 1112').filter(([k]) => k === 'credit_card')).toEqual([]);
    expect(luhnValid('1234567812345670')).toBe(true);
    expect(found('1234567812345670').filter(([k]) => k === 'credit_card')).toEqual([]);
    expect(found('4111 1111-1111 1111').filter(([k]) => k === 'credit_card')).toEqual([]);
    expect(found('37828224631000').filter(([k]) => k === 'credit_card')).toEqual([]); // Amex is 15 digits
  });
  test('not inside a longer number or a decimal', () => {
    expect(found('94111111111111111')).toEqual([]);
    expect(found('4111111111111111.5')).toEqual([]);
  });
  test('redaction keeps the last four digits', () => {
    expect(detector('credit_card').redact('4111 1111 1111 1111')).toBe('****1111');
  });
});

describe('IBAN', () => {
  test.each(['GB82 WEST 1234 5698 7654 32', 'DE89370400440532013000', 'FR14 2004 1010 0505 0001 3M02 606', 'NL91ABNA0417164300', 'be68 5390 0754 7034'])(
    'finds %s',
    (v) => {
      expect(found(v)).toEqual([['iban', v]]);
    },
  );
  test('stops at the country length when words follow', () => {
    expect(found('Pay DE89 3704 0044 0532 0130 00 today')).toEqual([['iban', 'DE89 3704 0044 0532 0130 00']]);
  });
  test('refuses a bad check digit, a wrong length and an unknown country', () => {
    expect(ibanChecksumValid('GB82WEST12345698765433')).toBe(false);
    expect(found('GB82 WEST 1234 5698 7654 33')).toEqual([]);
    expect(found('GB82 WEST 1234 5698 7654')).toEqual([]);
    expect(found('QQ82 WEST 1234 5698 7654 32')).toEqual([]);
  });
  test('redaction keeps country and last four', () => {
    expect(detector('iban').redact('GB82 WEST 1234 5698 7654 32')).toBe('GB****************5432');
  });
});

describe('IPv4 and IPv6', () => {
  test.each(['192.168.1.1', '10.0.0.255', '0.0.0.0', '255.255.255.255'])('IPv4 %s', (v) => {
    expect(found(v)).toEqual([['ipv4', v]]);
  });
  test.each(['999.1.1.1', '256.1.1.1', '1.2.3', '1.2.3.4.5', '192.168.01.1', 'v1.2.3.4a'])('not IPv4: %s', (v) => {
    expect(found(v).filter(([k]) => k === 'ipv4')).toEqual([]);
  });
  test.each(['2001:db8::1', '2001:0db8:85a3:0000:0000:8a2e:0370:7334', '::1', 'fe80::1%eth0', '::ffff:192.0.2.128', '2001:db8:0:0:1:0:0:1'])('IPv6 %s', (v) => {
    expect(found(v)).toEqual([['ipv6', v]]);
  });
  test.each(['12:30:45', '00:1A:2B:3C:4D:5E', '2001:db8::1::2', '1:2:3:4:5:6:7:8:9', '::', 'std::vector', '2001:db8::12345', '::ffff:999.0.2.128'])('not IPv6: %s', (v) => {
    expect(found(v).filter(([k]) => k === 'ipv6')).toEqual([]);
  });
  test('an IPv4 address is not also a phone number', () => {
    expect(found('192.168.100.200')).toEqual([['ipv4', '192.168.100.200']]);
    expect(found('192.168.100.300')).toEqual([]);
  });
});

describe('phone', () => {
  test.each(['+14155552671', '+1 (415) 555-2671', '+44 20 7946 0958', '020 7946 0958', '(415) 555-2671', '415.555.2671', '06 12 34 56 78', '0049 30 1234567'])(
    'finds %s',
    (v) => {
      expect(found(v)).toEqual([['phone', v]]);
    },
  );
  test.each(['4155552671', '12345.678901', '1 234 567 890', '2021-03-04', '2021-03-04 12:30:45', '12/03/2021 10:00', '+12345', '3.14159265358979', '1234567'])(
    'not a phone without a phone-like column name: %s',
    (v) => {
      expect(found(v).filter(([k]) => k === 'phone')).toEqual([]);
    },
  );
  test('a bare digit string counts in a phone column', () => {
    expect(found('4155552671', { phone: true, ssn: false })).toEqual([['phone', '4155552671']]);
  });
  test('preview keeps the last two digits and the format; redaction masks every digit', () => {
    expect(detector('phone').preview('+1 (415) 555-2671')).toBe('+* (***) ***-**71');
    expect(detector('phone').redact('+1 (415) 555-2671')).toBe('+* (***) ***-****');
  });
});

describe('national ids', () => {
  test('US SSN ddd-dd-dddd, with never-issued numbers refused', () => {
    expect(found('SSN 123-45-6789')).toEqual([['us_ssn', '123-45-6789']]);
    for (const bad of ['000-12-3456', '666-12-3456', '900-12-3456', '123-00-4567', '123-45-0000', '078-05-1120'])
      expect(found(bad)).toEqual([]);
    expect(found('123456789')).toEqual([]);
    expect(found('123456789', { phone: false, ssn: true })).toEqual([['us_ssn', '123456789']]);
    expect(detector('us_ssn').preview('123-45-6789')).toBe('***-**-6789');
  });

  test('UK NINO with HMRC prefix rules', () => {
    expect(found('AB123456C')).toEqual([['uk_nino', 'AB123456C']]);
    expect(found('JG 10 37 21 D')).toEqual([['uk_nino', 'JG 10 37 21 D']]);
    for (const bad of ['DA123456C', 'AO123456C', 'GB123456C', 'AB123456E', 'AB12345C']) expect(found(bad)).toEqual([]);
  });
});

describe('name hints', () => {
  test.each([
    ['email', ['email']],
    ['E-Mail Address', ['email']],
    ['contactEmail', ['email']],
    ['phone_number', ['phone']],
    ['MobileNo', ['phone']],
    ['SSN', ['ssn']],
    ['social_security_number', ['ssn']],
    ['Name', ['name']],
    ['first_name', ['name']],
    ['customerName', ['name']],
    ['Surname', ['name']],
    ['home_address', ['address']],
    ['zip_code', ['address']],
    ['DateOfBirth', ['dob']],
    ['dob', ['dob']],
  ] as const)('%s -> %j', (name, kinds) => {
    expect(nameHints(name)).toEqual(kinds);
  });
  test.each(['product_name', 'filename', 'hostname', 'ip_address', 'species', 'telemetry', 'cellular_load', 'zipper_count'])('%s -> nothing', (name) => {
    expect(nameHints(name)).toEqual([]);
  });
});
