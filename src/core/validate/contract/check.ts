/**
 * checkContract: does a table keep a contract's promises? Each broken promise is a violation
 * with a code, a severity (error fails the contract, warning does not), the column and the
 * numbers. Order: row count, then each contract column (present, kind, values, distribution),
 * then columns the contract does not know.
 */
import type { Table } from 'apache-arrow';
import { labelValues, numericValues } from '../../data/columns.ts';
import type { ColumnInfo, ColumnKind } from '../../data/types.ts';
import { throwIfCancelled, type CancelToken } from '../../jobs.ts';
import { checkCategoricalDistribution, checkNumericDistribution } from './check-shift.ts';
import { checkCategories, checkMissing, checkRange, checkUnique, checkWholeNumbers, type ColumnCells } from './check-values.ts';
import type { ContractCheck, ContractColumn, ContractViolation, DataContract } from './types.ts';

const LABEL_KINDS: readonly ColumnKind[] = ['categorical', 'text'];

export function checkContract(
  table: Table,
  columns: readonly ColumnInfo[],
  contract: DataContract,
  opts: { cancel?: CancelToken } = {},
): ContractCheck {
  const violations: ContractViolation[] = [];
  const rows = table.numRows;
  const { min, max } = contract.rowCount;
  if (rows < min || rows > max)
    violations.push({
      code: 'row_count_out_of_range',
      severity: 'error',
      message: `The data has ${rows.toLocaleString('en-US')} rows; the contract expects ${min.toLocaleString('en-US')} to ${max.toLocaleString('en-US')}.`,
      count: rows,
      details: { rows, min, max },
    });
  const byName = new Map(columns.map((c) => [c.name, c]));
  for (const promised of contract.columns) {
    throwIfCancelled(opts.cancel);
    const actual = byName.get(promised.name);
    if (!actual) {
      violations.push({
        code: 'missing_column',
        severity: promised.required ? 'error' : 'warning',
        column: promised.name,
        message: `Column "${promised.name}" is ${promised.required ? 'required by' : 'in'} the contract but not in the data.`,
      });
      continue;
    }
    violations.push(...checkColumn(table, promised, actual));
  }
  const promisedNames = new Set(contract.columns.map((c) => c.name));
  for (const c of columns)
    if (!promisedNames.has(c.name))
      violations.push({
        code: 'unexpected_column',
        severity: 'warning',
        column: c.name,
        message: `Column "${c.name}" is not in the contract. It is not checked; add it to the contract if it matters.`,
      });
  return { pass: !violations.some((v) => v.severity === 'error'), violations };
}

function checkColumn(table: Table, promised: ContractColumn, actual: ColumnInfo): ContractViolation[] {
  const out: ContractViolation[] = [];
  if (actual.kind !== promised.kind) {
    // Categorical vs text is a judgement of how many distinct labels there are: the values are
    // still labels and are checked as such.
    const labelsBoth = LABEL_KINDS.includes(actual.kind) && LABEL_KINDS.includes(promised.kind);
    out.push({
      code: 'kind_mismatch',
      severity: labelsBoth ? 'warning' : 'error',
      column: promised.name,
      message: `Column "${promised.name}" is ${actual.kind}; the contract expects ${promised.kind}.${labelsBoth ? '' : ' Its values were not checked further: fix the values that do not parse (or the column type) first.'}`,
      details: { expected: promised.kind, actual: actual.kind },
    });
    if (!labelsBoth) return out;
  }
  const numeric = promised.kind === 'numeric' || promised.kind === 'datetime';
  const cells: ColumnCells = numeric ? { numbers: numericValues(table, promised.name) } : { labels: labelValues(table, promised.name) };
  out.push(...checkMissing(promised, cells));
  if (cells.numbers) {
    // A unit change also breaks whole numbers, the range and the distribution: say it once.
    const distribution = checkNumericDistribution(promised, cells.numbers);
    if (distribution.unitChanged) out.push(...distribution.violations);
    else out.push(...checkWholeNumbers(promised, cells.numbers), ...checkRange(promised, cells.numbers), ...distribution.violations);
  } else {
    out.push(...checkCategories(promised, cells.labels), ...checkCategoricalDistribution(promised, cells.labels));
  }
  out.push(...checkUnique(promised, cells));
  return out;
}
