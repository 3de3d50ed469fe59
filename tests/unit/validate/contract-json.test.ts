import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ingest } from '../../../src/core/data/ingest.ts';
import { generateContract } from '../../../src/core/validate/contract/generate.ts';
import type { DataContract } from '../../../src/core/validate/contract/types.ts';
import { parseContract, validateContractJson } from '../../../src/core/validate/contract/validate-json.ts';
import { fromText } from '../../helpers/datasets.ts';

const penguins = await ingest(readFileSync(new URL('../../../static/samples/penguins.json', import.meta.url), 'utf8'), { name: 'penguins.json' });
const contract = generateContract(penguins.table, penguins.columns, { datasetName: 'penguins', fingerprint: penguins.fingerprint, versionId: 'v1' });
const dated = await fromText('day,n\n2024-01-01,1\n2024-02-01,2\n');
const datedContract = generateContract(dated.table, dated.columns, { datasetName: 'dated', fingerprint: dated.fingerprint });

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tests break arbitrary fields of parsed JSON
type Loose = any;

/** A deep copy of the contract with one edit applied. */
function edited(edit: (c: Loose) => void, base: DataContract = contract): unknown {
  const c = JSON.parse(JSON.stringify(base)) as Loose;
  edit(c);
  return c;
}

function expectInvalid(input: unknown, field: string, reason: RegExp): void {
  try {
    validateContractJson(input);
  } catch (e) {
    expect(e).toMatchObject({ code: 'contract_invalid', location: { field } });
    expect((e as Error).message).toMatch(reason);
    return;
  }
  throw new Error(`expected contract_invalid at ${field}`);
}

describe('validateContractJson', () => {
  it('accepts generated contracts and round-trips them through JSON identically', () => {
    for (const c of [contract, datedContract]) {
      const text = JSON.stringify(c, null, 2);
      const back = parseContract(text);
      expect(back).toEqual(c);
      expect(JSON.stringify(back, null, 2)).toBe(text);
    }
  });

  it('returns a copy: later edits to the input do not reach the result', () => {
    const input = edited(() => {}) as Loose;
    const out = validateContractJson(input);
    input.rowCount.min = 999;
    expect(out.rowCount.min).toBe(contract.rowCount.min);
  });

  it('names the exact field that is wrong', () => {
    expectInvalid(null, 'the top level', /expected an object, got null/);
    expectInvalid(edited((c) => (c.format = 'other')), 'format', /expected "benchtop.contract"/);
    expectInvalid(edited((c) => (c.version = 2)), 'version', /version 2 is not supported/);
    expectInvalid(edited((c) => delete c.createdFrom.fingerprint), 'createdFrom.fingerprint', /non-empty string, got undefined/);
    expectInvalid(edited((c) => (c.rowCount.min = 10_000)), 'rowCount.min', /greater than max/);
    expectInvalid(edited((c) => (c.rowCount.max = 1.5)), 'rowCount.max', /whole number/);
    expectInvalid(edited((c) => (c.columns[4].range.min = '172')), 'columns[4].range.min', /finite number, got "172"/);
    expectInvalid(edited((c) => (c.columns[0].maxMisingShare = 0.2)), 'columns[0].maxMisingShare', /unknown field/);
    expectInvalid(edited((c) => (c.columns[2].maxMissingShare = 1.2)), 'columns[2].maxMissingShare', /at most 1/);
    expectInvalid(edited((c) => (c.columns[0].kind = 'number')), 'columns[0].kind', /one of numeric, categorical/);
    expectInvalid(edited((c) => c.columns[0].allowedValues.push('Adelie')), 'columns[0].allowedValues[3]', /listed twice/);
    expectInvalid(edited((c) => (c.columns[1].name = 'Species')), 'columns[1].name', /appears twice/);
    expectInvalid(edited((c) => c.columns[3].reference.percentiles.pop()), 'columns[3].reference.percentiles', /expected 99 numbers, got 98/);
    expectInvalid(edited((c) => (c.columns[3].reference.percentiles[10] = 1e9)), 'columns[3].reference.percentiles[11]', /not be less than/);
    expectInvalid(edited((c) => (c.columns[3].reference.bins.shares = [1])), 'columns[3].reference.bins.shares', /expected \d+ numbers, got 1/);
    expectInvalid(edited((c) => (c.columns[0].reference.kind = 'numeric')), 'columns[0].reference.kind', /categorical column takes a categorical reference/);
    expectInvalid(edited((c) => (c.columns[0].range = { min: 0, max: 1 })), 'columns[0].range', /only numeric and datetime/);
    expectInvalid(edited((c) => (c.columns[0].range.min = 'last week'), datedContract), 'columns[0].range.min', /ISO 8601/);
  });

  it('turns unparseable text into contract_invalid', () => {
    expect(() => parseContract('{"format": ')).toThrow(expect.objectContaining({ code: 'contract_invalid' }));
  });
});
