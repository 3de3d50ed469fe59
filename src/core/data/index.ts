// The data layer's public surface: file -> RawTable -> kinds -> Arrow table -> fingerprint.
export { buildTable, KIND_METADATA_KEY } from './build-table.ts';
export { columnKind, labelValues, numericValues } from './columns.ts';
export { parseCsv } from './csv.ts';
export type { ParseCsvOptions } from './csv.ts';
export { fingerprintTable, ipcToTable, tableToIpc } from './fingerprint.ts';
export { inferColumn, inferKind, inferTypes } from './infer-types.ts';
export { formatFor, ingest } from './ingest.ts';
export type { FileFormat, IngestOptions } from './ingest.ts';
export { MISSING_TOKENS, isMissingToken } from './is-missing-token.ts';
export { parseJsonRecords } from './json.ts';
export type { ParseJsonOptions } from './json.ts';
export { parseBoolean } from './parse-boolean.ts';
export { parseDatetime } from './parse-datetime.ts';
export { parseNumber } from './parse-number.ts';
export type { RawTable } from './raw-table.ts';
export { sniffDelimiter } from './sniff-delimiter.ts';
export type { ColumnInfo, ColumnKind, Dataset } from './types.ts';
