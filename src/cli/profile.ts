/**
 * `benchtop profile`: the studio's data-quality report in a terminal or a CI job. The exit code
 * is the verdict a pipeline needs: 0 read (warnings allowed), 1 contract failed, 2 unreadable.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { generateContract } from '../core/validate/contract/generate.ts';
import type { Dataset } from '../core/data/types.ts';
import { benchtopError } from '../core/errors.ts';
import { ALL_RULES, profileTable, runChecks, type Finding } from '../core/validate/index.ts';
import type { ColumnProfile, DatasetProfile } from '../core/validate/profile/types.ts';
import { checkContract } from '../core/validate/contract/check.ts';
import type { ContractCheck } from '../core/validate/contract/types.ts';
import { parseContract } from '../core/validate/contract/validate-json.ts';
import { detectPii } from '../core/validate/pii/index.ts';
import type { PiiReport } from '../core/validate/pii/types.ts';
import type { ProfileArgs } from './args.ts';
import { maxOf } from '../core/stats/extent.ts';

export interface ProfileOutcome {
  code: 0 | 1;
  output: string;
}

export async function profileCommand(args: ProfileArgs, load: (path: string, missing?: string[]) => Promise<Dataset>): Promise<ProfileOutcome> {
  const contract = args.contract ? await readContract(args.contract) : undefined;
  const dataset = await load(args.data, args.missing);
  const profile = await profileTable(dataset.table, dataset.columns);
  const ctx = { table: dataset.table, columns: dataset.columns, ...(args.target ? { target: args.target } : {}) };
  if (args.target && !dataset.columns.some((c) => c.name === args.target))
    throw benchtopError('target_missing', { column: args.target, available: dataset.columns.map((c) => c.name).join(', ') });
  const findings = await runChecks(ctx, ALL_RULES);
  const pii = await detectPii(dataset.table, dataset.columns);
  const verdict = contract ? checkContract(dataset.table, dataset.columns, contract) : undefined;
  if (args.contractOut) {
    const generated = generateContract(dataset.table, dataset.columns, { datasetName: basename(args.data), fingerprint: dataset.fingerprint });
    await writeFile(args.contractOut, JSON.stringify(generated, null, 2) + '\n');
  }
  const code = verdict && !verdict.pass ? 1 : 0;
  if (args.json) {
    const doc = {
      dataset: {
        name: dataset.name,
        rows: dataset.rows,
        columns: dataset.columns.length,
        fingerprint: dataset.fingerprint,
        ...(dataset.encoding ? { encoding: dataset.encoding } : {}),
        ...(dataset.notes?.length ? { notes: dataset.notes } : {}),
      },
      profile,
      findings,
      pii,
      ...(verdict ? { contract: verdict } : {}),
    };
    return { code, output: JSON.stringify(doc) + '\n' };
  }
  return { code, output: summary(dataset, profile, findings, pii, verdict) };
}

async function readContract(path: string) {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw benchtopError('file_read_failed', { name: path, reason: (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String(e) });
  }
  return parseContract(text);
}

const pct = (x: number): string => `${(100 * x).toFixed(x > 0 && x < 0.001 ? 2 : 1)}%`;
const num = (x: number | null | undefined): string =>
  x === null || x === undefined ? '-' : Math.abs(x) >= 1e6 || (x !== 0 && Math.abs(x) < 1e-3) ? x.toExponential(3) : String(Number(x.toPrecision(6)));

/** One line per column: what a person checks first (type, gaps, spread or top value). */
function describe(c: ColumnProfile): string {
  switch (c.kind) {
    case 'numeric':
      return `min ${num(c.min)}  mean ${num(c.mean)}  max ${num(c.max)}  std ${num(c.std)}`;
    case 'boolean':
      return `true ${c.trueCount}  false ${c.falseCount}`;
    case 'datetime':
      return `${c.min ?? '-'} .. ${c.max ?? '-'}`;
    default: {
      const top = c.topValues[0];
      return top ? `top ${JSON.stringify(top.value)} (${top.count})` : '';
    }
  }
}

function summary(ds: Dataset, profile: DatasetProfile, findings: readonly Finding[], pii: PiiReport, verdict: ContractCheck | undefined): string {
  const width = Math.min(28, Math.max(6, maxOf(profile.columns.map((c) => JSON.stringify(c.name).length))));
  const lines = [
    `${ds.name}: ${profile.rows.toLocaleString('en-US')} rows, ${profile.columns.length} columns (sha256 ${ds.fingerprint.slice(0, 12)})${ds.encoding && ds.encoding !== 'utf-8' ? `, read as ${ds.encoding}` : ''}`,
    ...(ds.notes ?? []).map((n) => `note: ${n}`),
    '',
    `${'column'.padEnd(width)}  ${'type'.padEnd(16)}${'missing'.padStart(9)}${'distinct'.padStart(10)}  summary`,
    ...profile.columns.map((c) => {
      // Names are data: JSON-quoted so control characters and lookalikes cannot disguise them.
      const name = JSON.stringify(c.name);
      const type = `${c.type}${c.confidence !== null && c.confidence < 1 ? ` ${pct(c.confidence)}` : ''}`;
      return `${(name.length > width ? name.slice(0, width - 1) + '…' : name).padEnd(width)}  ${type.padEnd(16)}${pct(c.missingShare).padStart(9)}${String(c.distinct).padStart(10)}  ${describe(c)}`;
    }),
    '',
    findings.length === 0 ? 'checks: nothing fired' : `checks (${findings.length}):`,
    ...findings.map((f) => `  ${f.severity.padEnd(7)} ${f.code}${f.columns?.length ? ` [${f.columns.map((c) => JSON.stringify(c)).join(', ')}]` : ''}: ${f.message}`),
  ];
  const personal = pii.columns.filter((c) => c.findings.length > 0);
  if (personal.length > 0) {
    lines.push('', `personal data (${pii.exact ? 'all' : `${pii.rowsScanned.toLocaleString('en-US')} sampled`} rows):`);
    for (const c of personal)
      for (const f of c.findings)
        lines.push(`  ${JSON.stringify(c.column)}: ${f.kind} in ${f.count} values (${pct(f.share)}, ${f.confidence} confidence), e.g. ${f.samples.join(', ')}`);
  }
  if (verdict) {
    lines.push('', `contract: ${verdict.pass ? 'PASS' : 'FAIL'}`);
    for (const v of verdict.violations) lines.push(`  ${v.severity.padEnd(7)} ${v.code}${v.column !== undefined ? ` [${JSON.stringify(v.column)}]` : ''}: ${v.message}`);
  }
  return lines.join('\n') + '\n';
}
