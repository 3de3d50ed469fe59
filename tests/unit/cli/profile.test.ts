import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('node', ['bin/benchtop.mjs', ...args], { timeout: 120_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

const tmp = mkdtempSync(join(tmpdir(), 'benchtop-profile-'));

/** Penguins as CSV, optionally with flipper length converted from mm to cm. */
function penguinsCsv(scaleFlipper = 1): string {
  const rows = JSON.parse(readFileSync('static/samples/penguins.json', 'utf8')) as Record<string, string | number | null>[];
  const keys = Object.keys(rows[0]!);
  const cell = (v: string | number | null | undefined) => (v === null || v === undefined ? '' : String(v));
  return [
    keys.join(','),
    ...rows.map((r) =>
      keys.map((k) => (k === 'Flipper Length (mm)' && typeof r[k] === 'number' ? cell((r[k] as number) / scaleFlipper) : cell(r[k]))).join(','),
    ),
  ].join('\n');
}

describe('benchtop profile', () => {
  it('prints profile, checks and PII as one JSON document; exit 0 with warnings', async () => {
    const file = join(tmp, 'people.csv');
    writeFileSync(file, 'id,email,age\n' + Array.from({ length: 40 }, (_, i) => `${i + 1},user${i}@example.com,${20 + (i % 30)}`).join('\n'));
    const r = await cli(['profile', '--data', file, '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.dataset).toMatchObject({ name: 'people.csv', rows: 40, columns: 3 });
    expect(doc.profile.columns.map((c: { name: string }) => c.name)).toEqual(['id', 'email', 'age']);
    expect(doc.profile.columns[2]).toMatchObject({ kind: 'numeric', min: 20, max: 49 });
    expect(doc.findings.map((f: { code: string }) => f.code)).toContain('id_like_column');
    expect(doc.pii.columns.find((c: { column: string }) => c.column === 'email').findings[0].kind).toBe('email');
  });

  it('runs target checks with --target', async () => {
    const r = await cli(['profile', '--data', 'static/samples/penguins.json', '--target', 'Species', '--json']);
    expect(r.code).toBe(0);
    const codes = JSON.parse(r.stdout).findings.map((f: { code: string }) => f.code);
    // The bundled penguins file is sorted by species: row order predicts the label.
    expect(codes).toContain('id_or_time_predicts_target');
  });

  it('exit 1 when a file breaks the contract (mm became cm), 0 when it keeps it', async () => {
    const contract = join(tmp, 'contract.json');
    const same = join(tmp, 'same.csv');
    const scaled = join(tmp, 'scaled.csv');
    writeFileSync(same, penguinsCsv());
    writeFileSync(scaled, penguinsCsv(10));
    expect((await cli(['profile', '--data', same, '--contract-out', contract])).code).toBe(0);
    const ok = await cli(['profile', '--data', same, '--contract', contract]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('contract: PASS');
    const bad = await cli(['profile', '--data', scaled, '--contract', contract]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('contract: FAIL');
    expect(bad.stdout).toMatch(/unit_change \["Flipper Length \(mm\)"\]/);
  });

  it('exit 2 with a coded error when the file or the contract cannot be read', async () => {
    const missing = await cli(['profile', '--data', join(tmp, 'nope.csv')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/error\[file_read_failed\]/);
    const ragged = join(tmp, 'ragged.csv');
    writeFileSync(ragged, 'a,b\n1,2\n3\n');
    const r = await cli(['profile', '--data', ragged, '--json']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).error).toMatchObject({ code: 'csv_ragged_row', location: { row: 3 } });
    const badContract = join(tmp, 'bad-contract.json');
    writeFileSync(badContract, '{"format":"benchtop.contract","version":1}');
    const c = await cli(['profile', '--data', 'static/samples/cars.json', '--contract', badContract]);
    expect(c.code).toBe(2);
    expect(c.stderr).toMatch(/error\[contract_invalid\]/);
  });

  it('refuses train-only options', async () => {
    const r = await cli(['profile', '--data', 'static/samples/cars.json', '--model', 'mlp']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cli_usage/);
  });
});
