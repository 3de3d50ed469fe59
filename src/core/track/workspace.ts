/**
 * Whole-workspace operations that are not backup/restore: erasing everything, and noticing
 * that another tab needs a newer schema.
 *
 * Stale tabs. IndexedDB lets only one schema version be open at a time. When a newer Benchtop
 * opens the database in another tab, this (older) tab's connection gets 'versionchange'; by
 * default Dexie closes it but reopens it on the next query, which then fails obscurely (a
 * VersionError) or, opened at the old version, blocks the newer tab. onStaleSchema instead
 * closes this connection for good and tells the caller, which should:
 *   - show a non-dismissable "Benchtop was updated in another tab - reload" banner with a
 *     reload button (the event's `error` carries the coded message, workspace_outdated);
 *   - stop starting work (runs, saves); anything already written is safe, and queries after
 *     this point fail with Dexie's DatabaseClosedError, not with wrong data.
 * The newer tab, while an older tab has not let go, gets kind 'blocked' (the older tab may not
 * be running this handler, e.g. a version from before it existed): show "close or reload your
 * other Benchtop tabs"; the upgrade continues by itself once they close.
 * Call it right after openDb, before the first query, in the UI's worker (where the database
 * lives) and forward the event to the page.
 */
import { benchtopError, serializeError, type SerializedError } from '../errors.ts';
import type { BenchtopDb } from './db.ts';
import { storageError } from './storage-error.ts';

/** Deletes every dataset, version, run, model and registry entry, in one transaction. */
export async function eraseWorkspace(db: BenchtopDb): Promise<void> {
  try {
    await db.transaction('rw', db.tables, async () => {
      for (const table of db.tables) await table.clear();
    });
  } catch (e) {
    throw storageError(e);
  }
}

export type StaleSchemaEvent =
  | {
      /** Another tab opened a newer schema (or deleted the database): this connection is closed; reload. */
      kind: 'outdated';
      /** The schema version the other tab wants (Dexie's numbering); null when it deletes the database. */
      newVersion: number | null;
      error: SerializedError;
    }
  | {
      /** This tab's upgrade waits for an older tab to close. */
      kind: 'blocked';
      /** The schema version the older tab holds open (Dexie's numbering). */
      oldVersion: number;
      error: SerializedError;
    };

/** Dexie numbers versions 1, 2, 3 ...; IndexedDB sees ten times that. */
const dexieVersion = (idbVersion: number | null | undefined): number | null =>
  idbVersion === null || idbVersion === undefined ? null : Math.round(idbVersion / 10);

/** Calls `callback` when this tab's schema goes stale or its upgrade is blocked; returns an unsubscribe function. */
export function onStaleSchema(db: BenchtopDb, callback: (event: StaleSchemaEvent) => void): () => void {
  const onVersionChange = (ev: IDBVersionChangeEvent): false => {
    const newVersion = dexieVersion(ev.newVersion);
    // Closing for good (no auto-reopen) is what lets the other tab's upgrade proceed and keeps
    // this tab from reopening an old schema against newer data.
    db.close({ disableAutoOpen: true });
    callback({ kind: 'outdated', newVersion, error: serializeError(benchtopError('workspace_outdated', newVersion ? { version: newVersion } : {})) });
    // Dexie calls the newest handler first; false stops its default one, which would close the
    // database again but allow the next query to reopen it.
    return false;
  };
  const onBlocked = (ev: IDBVersionChangeEvent) => {
    callback({ kind: 'blocked', oldVersion: dexieVersion(ev.oldVersion) ?? 0, error: serializeError(benchtopError('workspace_upgrade_blocked')) });
  };
  db.on('versionchange', onVersionChange);
  db.on('blocked', onBlocked);
  return () => {
    db.on('versionchange').unsubscribe(onVersionChange);
    db.on('blocked').unsubscribe(onBlocked);
  };
}
