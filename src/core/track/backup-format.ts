/**
 * The workspace backup file: one zip holding
 *   manifest.json                      format, versions, per-table counts, every entry's size and SHA-256
 *   tables/<table>/<part>.json         a JSON array of encoded records (backup-codec.ts)
 *   tables/<table>/<part>.bin          the binary values those records reference (absent when none)
 * Parts keep entries to tens of megabytes, so no single string or buffer grows with the
 * workspace. Nothing outside these names may appear; the manifest must list exactly the
 * entries present. Format version 1 holds schema version 4 or 5 tables: a schema 4 file has no
 * monitoringRuns (added in 5) and restores as if it held none.
 */
import { benchtopError } from '../errors.ts';

export const BACKUP_FORMAT = 'benchtop.workspace-backup';
export const BACKUP_FORMAT_VERSION = 1;
export const MANIFEST_PATH = 'manifest.json';

/** Every table of the schema, in restore order. A unit test keeps this equal to openDb's tables. */
export const WORKSPACE_TABLES = [
  'datasets',
  'datasetVersions',
  'tableChunks',
  'runs',
  'runArtifacts',
  'runModels',
  'registeredModels',
  'modelVersions',
  'aliasEvents',
  'cardRevisions',
  'monitoringRuns',
] as const;
export type WorkspaceTable = (typeof WORKSPACE_TABLES)[number];
export const isWorkspaceTable = (t: unknown): t is WorkspaceTable => typeof t === 'string' && (WORKSPACE_TABLES as readonly string[]).includes(t);

/** The oldest schema a backup of this format holds, and the schema that added each later table. */
export const OLDEST_BACKUP_SCHEMA = 4;
const TABLE_SINCE: Partial<Record<WorkspaceTable, number>> = { monitoringRuns: 5 };

export interface BackupEntry {
  path: string;
  table: WorkspaceTable;
  part: number;
  kind: 'records' | 'binary';
  /** records entries: how many records the part holds. */
  records?: number;
  bytes: number;
  /** Lowercase hex SHA-256 of the entry's bytes. */
  sha256: string;
}

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  formatVersion: number;
  /** Benchtop version that wrote it. */
  app: string;
  /** Dexie schema version of the tables it holds. */
  schemaVersion: number;
  createdAt: number;
  endianness: 'little' | 'big';
  tables: Record<WorkspaceTable, { count: number }>;
  entries: BackupEntry[];
}

export function entryPath(table: WorkspaceTable, part: number, kind: BackupEntry['kind']): string {
  return `tables/${table}/${String(part).padStart(4, '0')}.${kind === 'records' ? 'json' : 'bin'}`;
}

/** The only entry names a backup may hold besides the manifest (no folders, dots or slashes beyond these). */
export const ENTRY_PATH = /^tables\/([A-Za-z]{1,32})\/([0-9]{4,6})\.(json|bin)$/;

/** Bounds checked before anything is decompressed or decoded; restore takes overrides (tests use small ones). */
export interface RestoreLimits {
  /** Largest uncompressed size of one entry. */
  maxEntryBytes: number;
  /** Largest uncompressed size of all entries together. */
  maxTotalBytes: number;
  maxEntries: number;
  maxManifestBytes: number;
}

export const DEFAULT_RESTORE_LIMITS: RestoreLimits = {
  maxEntryBytes: 1024 * 1024 * 1024,
  maxTotalBytes: 8 * 1024 * 1024 * 1024,
  maxEntries: 100_000,
  maxManifestBytes: 64 * 1024 * 1024,
};

/** Target size of one part's binary blob or JSON text. */
export const PART_BYTES = 32 * 1024 * 1024;

const invalid = (field: string, reason: string) => benchtopError('backup_invalid', { entry: MANIFEST_PATH, field, reason });
const SHA256 = /^[0-9a-f]{64}$/;
const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

/** Checks every field restore relies on; the checked manifest, or backup_invalid naming the field. */
export function checkManifest(raw: unknown, supportedSchema: number): BackupManifest {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw invalid('(root)', 'expected a JSON object');
  const m = raw as Record<string, unknown>;
  if (m.format !== BACKUP_FORMAT) throw invalid('format', `expected "${BACKUP_FORMAT}", got ${JSON.stringify(m.format)}`);
  if (m.formatVersion !== BACKUP_FORMAT_VERSION)
    throw invalid('formatVersion', `this Benchtop reads backup format ${BACKUP_FORMAT_VERSION}, the file is ${JSON.stringify(m.formatVersion)}${typeof m.formatVersion === 'number' && m.formatVersion > BACKUP_FORMAT_VERSION ? '; update Benchtop to restore it' : ''}`);
  if (typeof m.app !== 'string' || m.app.length > 64) throw invalid('app', 'expected the Benchtop version that wrote the file');
  if (!Number.isInteger(m.schemaVersion) || (m.schemaVersion as number) < OLDEST_BACKUP_SCHEMA || (m.schemaVersion as number) > supportedSchema)
    throw invalid('schemaVersion', `the file holds schema ${JSON.stringify(m.schemaVersion)} tables, this Benchtop restores schemas ${OLDEST_BACKUP_SCHEMA} to ${supportedSchema}${typeof m.schemaVersion === 'number' && m.schemaVersion > supportedSchema ? '; it was made by a newer Benchtop, update this one to restore it' : ''}`);
  const schema = m.schemaVersion as number;
  if (typeof m.createdAt !== 'number' || !Number.isFinite(m.createdAt)) throw invalid('createdAt', 'expected a time in milliseconds');
  if (m.endianness !== 'little' && m.endianness !== 'big') throw invalid('endianness', 'expected "little" or "big"');
  if (!m.tables || typeof m.tables !== 'object' || Array.isArray(m.tables)) throw invalid('tables', 'expected an object of table -> {count}');
  const tables = m.tables as Record<string, unknown>;
  for (const name of Object.keys(tables)) if (!isWorkspaceTable(name)) throw invalid(`tables.${name}`, `"${name}" is not a table of this workspace`);
  // A table newer than the file's schema did not exist when it was written: it holds none.
  for (const name of WORKSPACE_TABLES)
    if ((TABLE_SINCE[name] ?? OLDEST_BACKUP_SCHEMA) > schema) {
      if (tables[name] !== undefined) throw invalid(`tables.${name}`, `schema ${schema} has no table "${name}"`);
      tables[name] = { count: 0 };
    }
  for (const name of WORKSPACE_TABLES) {
    const t = tables[name] as { count?: unknown } | undefined;
    if (!t || typeof t !== 'object' || !isCount(t.count)) throw invalid(`tables.${name}.count`, 'expected the number of records');
  }
  if (!Array.isArray(m.entries)) throw invalid('entries', 'expected a list of entries');
  const seen = new Set<string>();
  m.entries.forEach((raw: unknown, i) => {
    const f = `entries[${i}]`;
    if (!raw || typeof raw !== 'object') throw invalid(f, 'expected an object');
    const e = raw as Record<string, unknown>;
    if (!isWorkspaceTable(e.table)) throw invalid(`${f}.table`, `${JSON.stringify(e.table)} is not a table of this workspace`);
    if (e.kind !== 'records' && e.kind !== 'binary') throw invalid(`${f}.kind`, 'expected "records" or "binary"');
    if (!isCount(e.part) || e.part > 999_999) throw invalid(`${f}.part`, 'expected a part number');
    if (e.path !== entryPath(e.table, e.part, e.kind)) throw invalid(`${f}.path`, `expected "${entryPath(e.table, e.part, e.kind)}", got ${JSON.stringify(e.path)}`);
    if (seen.has(e.path)) throw invalid(`${f}.path`, `"${e.path}" is listed twice`);
    seen.add(e.path);
    if (!isCount(e.bytes)) throw invalid(`${f}.bytes`, 'expected a size in bytes');
    if (typeof e.sha256 !== 'string' || !SHA256.test(e.sha256)) throw invalid(`${f}.sha256`, 'expected 64 lowercase hex digits');
    if (e.kind === 'records' ? !isCount(e.records) : e.records !== undefined) throw invalid(`${f}.records`, e.kind === 'records' ? 'expected the number of records in the part' : 'only records entries count records');
  });
  const entries = m.entries as BackupEntry[];
  for (const e of entries)
    if (e.kind === 'binary' && !seen.has(entryPath(e.table, e.part, 'records')))
      throw invalid('entries', `${e.path} has no records entry ${entryPath(e.table, e.part, 'records')}`);
  for (const name of WORKSPACE_TABLES) {
    const listed = entries.filter((e) => e.table === name && e.kind === 'records').reduce((s, e) => s + (e.records ?? 0), 0);
    if (listed !== (tables[name] as { count: number }).count) throw invalid(`tables.${name}.count`, `${(tables[name] as { count: number }).count} records announced, the entries hold ${listed}`);
  }
  return raw as BackupManifest;
}
