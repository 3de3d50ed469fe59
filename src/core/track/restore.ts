/**
 * restoreWorkspace: a backup file back into the workspace, all or nothing.
 *
 * Phase 1 (readBackup) reads and checks everything and writes nothing: zip structure, entry
 * names (only manifest.json and tables/<table>/<part>.json|.bin; no folders, "..", absolute
 * paths or repeats), sizes against limits before decompressing, the manifest (format, format
 * and schema version, byte order, per-table counts), that the manifest lists exactly the
 * entries present, each entry's size and SHA-256, every value's encoding, every record's
 * required fields, unique keys, and the references between tables.
 * Phase 2 writes every table in one transaction, in one of two modes:
 *   - 'merge' (default): nothing in the workspace is overwritten or deleted. A record whose key
 *     is free is added; one equal to the stored record is left as is; one that differs is a
 *     conflict: the workspace's record is kept and the conflict reported (RestoreReport), so
 *     nothing is lost silently either way. Counters derived from what is stored (a dataset's
 *     version count, a model's last version number) are brought up to date.
 *   - 'replace': the workspace is cleared and becomes exactly the backup. Destructive by
 *     design; the UI should offer it only with an explicit confirmation (and a fresh backup).
 * Both are idempotent: restoring the same file again changes nothing more.
 */
import { unzipSync } from 'fflate';
import { benchtopError, isBenchtopError } from '../errors.ts';
import type { ProgressFn } from '../jobs.ts';
import { sha256Hex } from './backup.ts';
import { BackupDecodeError, decodeValue, ENDIANNESS } from './backup-codec.ts';
import {
  checkManifest,
  DEFAULT_RESTORE_LIMITS,
  ENTRY_PATH,
  entryPath,
  isWorkspaceTable,
  MANIFEST_PATH,
  WORKSPACE_TABLES,
  type BackupManifest,
  type RestoreLimits,
  type WorkspaceTable,
} from './backup-format.ts';
import { checkRecord, checkReferences, primaryKey, RecordError } from './backup-records.ts';
import { SCHEMA_VERSION, type BenchtopDb } from './db.ts';
import { mergeTables, type RestoreReport, type TableCounts } from './restore-merge.ts';
import { storageError } from './storage-error.ts';

export type { RestoreConflict, RestoreReport, TableCounts } from './restore-merge.ts';

export interface RestoreOptions {
  /** 'merge' (default) never overwrites; 'replace' makes the workspace exactly the backup. */
  mode?: 'merge' | 'replace';
  limits?: Partial<RestoreLimits>;
  onProgress?: ProgressFn;
}

/** The checked contents of a backup file. */
export interface ReadBackup {
  manifest: BackupManifest;
  tables: Record<WorkspaceTable, Record<string, unknown>[]>;
}

const invalid = (entry: string, reason: string, field?: string) => benchtopError('backup_invalid', { entry, reason, ...(field ? { field } : {}) });
/** Entry names as shown in messages: quoted, control characters escaped, never very long. */
const shown = (name: string) => JSON.stringify(name.length > 80 ? `${name.slice(0, 80)}…` : name);

function unzip(bytes: Uint8Array, limits: RestoreLimits): Record<string, Uint8Array> {
  const names = new Set<string>();
  let total = 0;
  try {
    return unzipSync(bytes, {
      filter: (file) => {
        const name = file.name;
        if (name !== MANIFEST_PATH && !ENTRY_PATH.test(name)) throw invalid(shown(name), 'this is not a name a Benchtop backup holds (only manifest.json and tables/<table>/<part>.json or .bin)');
        if (names.has(name)) throw invalid(shown(name), 'the file holds this entry twice');
        names.add(name);
        if (names.size > limits.maxEntries) throw invalid('(zip)', `more than ${limits.maxEntries} entries`);
        const max = name === MANIFEST_PATH ? limits.maxManifestBytes : limits.maxEntryBytes;
        if (file.originalSize > max) throw invalid(name, `it unpacks to ${file.originalSize} bytes, over the limit of ${max}`);
        total += file.originalSize;
        if (total > limits.maxTotalBytes) throw invalid(name, `the entries unpack to more than ${limits.maxTotalBytes} bytes together`);
        if (file.compression !== 0 && file.compression !== 8) throw invalid(name, `unsupported compression method ${file.compression}`);
        return true;
      },
    });
  } catch (e) {
    if (isBenchtopError(e)) throw e;
    throw invalid('(zip)', `not a readable zip file (${e instanceof Error ? e.message : String(e)}); it may be truncated`);
  }
}

function parseJson(bytes: Uint8Array, entry: string): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (e) {
    throw invalid(entry, `not valid UTF-8 JSON (${e instanceof Error ? e.message : String(e)})`);
  }
}

/** Reads and checks a backup file completely; writes nothing. */
export async function readBackup(bytes: Uint8Array, limits: Partial<RestoreLimits> = {}, onProgress?: ProgressFn): Promise<ReadBackup> {
  const lim: RestoreLimits = { ...DEFAULT_RESTORE_LIMITS };
  // An override left undefined must not switch a limit off.
  for (const [k, v] of Object.entries(limits) as [keyof RestoreLimits, number | undefined][]) if (typeof v === 'number' && v >= 0) lim[k] = v;
  onProgress?.({ phase: 'verify', fraction: 0 });
  const files = unzip(bytes, lim);
  const manifestBytes = files[MANIFEST_PATH];
  if (!manifestBytes) throw invalid(MANIFEST_PATH, 'the file has no manifest; it is not a Benchtop backup');
  const manifest = checkManifest(parseJson(manifestBytes, MANIFEST_PATH), SCHEMA_VERSION);
  if (manifest.endianness !== ENDIANNESS) throw invalid(MANIFEST_PATH, `it was written on a ${manifest.endianness}-endian machine; this one is ${ENDIANNESS}-endian`, 'endianness');
  const listed = new Set(manifest.entries.map((e) => e.path));
  for (const name of Object.keys(files)) if (name !== MANIFEST_PATH && !listed.has(name)) throw invalid(shown(name), 'the manifest does not list this entry');
  for (const [i, e] of manifest.entries.entries()) {
    const data = files[e.path];
    if (!data) throw invalid(e.path, 'listed in the manifest but missing from the file');
    if (data.byteLength !== e.bytes) throw invalid(e.path, `it holds ${data.byteLength} bytes, the manifest says ${e.bytes}: the entry was truncated or altered`);
    const actual = await sha256Hex(data);
    if (actual !== e.sha256) throw invalid(e.path, `its SHA-256 is ${actual.slice(0, 16)}…, the manifest says ${e.sha256.slice(0, 16)}…: the entry was altered or damaged`);
    onProgress?.({ phase: 'verify', fraction: (i + 1) / manifest.entries.length });
  }

  const tables = Object.fromEntries(WORKSPACE_TABLES.map((t) => [t, [] as Record<string, unknown>[]])) as ReadBackup['tables'];
  const records = manifest.entries.filter((e) => e.kind === 'records').sort((a, b) => a.part - b.part);
  for (const e of records) {
    onProgress?.({ phase: 'decode', fraction: WORKSPACE_TABLES.indexOf(e.table) / WORKSPACE_TABLES.length, message: e.table });
    const json = parseJson(files[e.path]!, e.path);
    if (!Array.isArray(json)) throw invalid(e.path, 'expected a JSON list of records');
    if (json.length !== e.records) throw invalid(e.path, `it holds ${json.length} records, the manifest says ${e.records ?? 0}`);
    const bin = files[entryPath(e.table, e.part, 'binary')] ?? new Uint8Array(0);
    json.forEach((raw: unknown, i) => {
      try {
        const record = decodeValue(raw, bin, `[${i}]`);
        checkRecord(e.table, record, `[${i}]`);
        tables[e.table].push(record as Record<string, unknown>);
      } catch (err) {
        if (err instanceof BackupDecodeError) throw invalid(e.path, err.reason, err.path);
        if (err instanceof RecordError) throw invalid(e.path, err.reason, err.field);
        throw err;
      }
    });
  }
  for (const table of WORKSPACE_TABLES) {
    const seen = new Set<string>();
    tables[table].forEach((r, i) => {
      const k = JSON.stringify(primaryKey(table, r));
      if (seen.has(k)) throw invalid(`tables/${table}`, `key ${k} appears twice`, `record ${i}`);
      seen.add(k);
    });
  }
  const broken = checkReferences(tables);
  if (broken) throw invalid(`tables/${broken[0]}`, broken[3], `record ${broken[1]}.${broken[2]}`);
  return { manifest, tables };
}

/** Restores a backup (see the module note for the two modes); returns what was added, kept and in conflict. */
export async function restoreWorkspace(db: BenchtopDb, bytes: Uint8Array, opts: RestoreOptions = {}): Promise<RestoreReport> {
  const mode = opts.mode ?? 'merge';
  if (mode !== 'merge' && mode !== 'replace') throw benchtopError('registry_input_invalid', { field: 'restore mode', reason: 'expected "merge" or "replace"' });
  const { manifest, tables } = await readBackup(bytes, opts.limits, opts.onProgress);
  const unknown = db.tables.map((t) => t.name).filter((n) => !isWorkspaceTable(n));
  if (unknown.length > 0) throw benchtopError('backup_failed', { reason: `tables ${unknown.join(', ')} are not known to the backup format` });
  opts.onProgress?.({ phase: 'write', fraction: 0 });
  try {
    const report = await db.transaction('rw', db.tables, async (): Promise<Omit<RestoreReport, 'backup'>> => {
      if (mode === 'merge') return mergeTables(db, tables);
      const counts = {} as Record<WorkspaceTable, TableCounts>;
      for (const table of WORKSPACE_TABLES) await db.table(table).clear();
      for (const table of WORKSPACE_TABLES) {
        await db.table(table).bulkAdd(tables[table]);
        counts[table] = { added: tables[table].length, unchanged: 0, conflicts: 0 };
      }
      return { mode: 'replace', tables: counts, conflicts: [] };
    });
    opts.onProgress?.({ phase: 'write', fraction: 1 });
    return { ...report, backup: { app: manifest.app, createdAt: manifest.createdAt, schemaVersion: manifest.schemaVersion } };
  } catch (e) {
    throw isBenchtopError(e) ? e : storageError(e);
  }
}
