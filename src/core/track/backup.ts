/**
 * backupWorkspace: every table of the workspace in one file (a zip; layout in backup-format.ts,
 * value encoding in backup-codec.ts), read in one transaction so the file is a consistent
 * snapshot even while other work writes. The whole file is built in memory: the caller hands it
 * to a download (browser) or writes it to disk (CLI). Restoring is restore.ts.
 */
import { zipSync, type Zippable } from 'fflate';
import { benchtopError, isBenchtopError } from '../errors.ts';
import type { ProgressFn } from '../jobs.ts';
import { BENCHTOP_VERSION } from '../version.ts';
import { BinWriter, encodeValue, ENDIANNESS } from './backup-codec.ts';
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  entryPath,
  isWorkspaceTable,
  MANIFEST_PATH,
  PART_BYTES,
  WORKSPACE_TABLES,
  type BackupEntry,
  type BackupManifest,
  type WorkspaceTable,
} from './backup-format.ts';
import { SCHEMA_VERSION, type BenchtopDb } from './db.ts';

export interface BackupOptions {
  now?: () => number;
  /** Target bytes per part (tests use small ones to force many parts). */
  partBytes?: number;
}

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const view = new Uint8Array(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength);
  const digest = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', view));
  let hex = '';
  for (const b of digest) hex += b.toString(16).padStart(2, '0');
  return hex;
}

/** The whole workspace as one backup file. */
export async function backupWorkspace(db: BenchtopDb, onProgress?: ProgressFn, opts: BackupOptions = {}): Promise<Uint8Array> {
  const createdAt = (opts.now ?? Date.now)();
  const partBytes = opts.partBytes ?? PART_BYTES;
  const unknown = db.tables.map((t) => t.name).filter((n) => !isWorkspaceTable(n));
  if (unknown.length > 0) throw benchtopError('backup_failed', { reason: `tables ${unknown.join(', ')} are not known to the backup format` });
  onProgress?.({ phase: 'read', fraction: 0 });
  let data: Record<WorkspaceTable, unknown[]>;
  try {
    data = await db.transaction('r', db.tables, async () => {
      const out = {} as Record<WorkspaceTable, unknown[]>;
      for (const name of WORKSPACE_TABLES) out[name] = await db.table(name).toArray();
      return out;
    });
  } catch (e) {
    throw benchtopError('backup_failed', { reason: `reading the workspace failed: ${e instanceof Error ? e.message : String(e)}` });
  }

  const files = new Map<string, Uint8Array>();
  const entries: Omit<BackupEntry, 'sha256'>[] = [];
  const utf8 = new TextEncoder();
  try {
    WORKSPACE_TABLES.forEach((table, t) => {
      onProgress?.({ phase: 'encode', fraction: t / WORKSPACE_TABLES.length, message: table });
      let part = 0;
      let texts: string[] = [];
      let textBytes = 0;
      let bin = new BinWriter();
      const flush = () => {
        const json = utf8.encode(`[${texts.join(',')}]`);
        const path = entryPath(table, part, 'records');
        files.set(path, json);
        entries.push({ path, table, part, kind: 'records', records: texts.length, bytes: json.byteLength });
        if (bin.size > 0) {
          const blob = bin.bytes();
          const binPath = entryPath(table, part, 'binary');
          files.set(binPath, blob);
          entries.push({ path: binPath, table, part, kind: 'binary', bytes: blob.byteLength });
        }
        part++;
        texts = [];
        textBytes = 0;
        bin = new BinWriter();
      };
      data[table].forEach((record, i) => {
        const text = JSON.stringify(encodeValue(record, bin, `${table}[${i}]`));
        texts.push(text);
        textBytes += text.length;
        if (bin.size >= partBytes || textBytes >= partBytes) flush();
      });
      if (texts.length > 0) flush();
    });
  } catch (e) {
    throw isBenchtopError(e) ? e : benchtopError('backup_failed', { reason: e instanceof Error ? e.message : String(e) });
  }

  onProgress?.({ phase: 'hash', fraction: 0 });
  const hashed: BackupEntry[] = [];
  for (const e of entries) hashed.push({ ...e, sha256: await sha256Hex(files.get(e.path)!) });
  const manifest: BackupManifest = {
    format: BACKUP_FORMAT,
    formatVersion: BACKUP_FORMAT_VERSION,
    app: BENCHTOP_VERSION,
    schemaVersion: SCHEMA_VERSION,
    createdAt,
    endianness: ENDIANNESS,
    tables: Object.fromEntries(WORKSPACE_TABLES.map((t) => [t, { count: data[t].length }])) as BackupManifest['tables'],
    entries: hashed,
  };
  onProgress?.({ phase: 'zip', fraction: 0 });
  // Zip timestamps cannot go before 1980; the manifest holds the real time.
  const mtime = new Date(Math.max(createdAt, Date.UTC(1980, 1, 1)));
  const zippable: Zippable = { [MANIFEST_PATH]: [utf8.encode(JSON.stringify(manifest, null, 1)), { level: 6, mtime }] };
  // Binary parts (Arrow columns, float weights) barely compress: the fastest level keeps backups quick.
  for (const e of hashed) zippable[e.path] = [files.get(e.path)!, { level: e.kind === 'binary' ? 1 : 6, mtime }];
  const zip = zipSync(zippable);
  onProgress?.({ phase: 'zip', fraction: 1 });
  return zip;
}
