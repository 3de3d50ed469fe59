/**
 * WorkspaceApi in the studio worker (where the database lives). After a restore or an erase the
 * worker's caches (decoded tables, kept models) describe data that may be gone: they are dropped.
 */
import * as Comlink from 'comlink';
import type { CancelSource } from '../src/core/jobs.ts';
import { throwIfCancelled } from '../src/core/jobs.ts';
import { backupWorkspace } from '../src/core/track/backup.ts';
import type { BenchtopDb } from '../src/core/track/db.ts';
import { restoreWorkspace } from '../src/core/track/restore.ts';
import { eraseWorkspace, onStaleSchema } from '../src/core/track/workspace.ts';
import type { StaleSchemaEvent, WorkspaceApi } from './workspace-api.ts';

export interface WorkspaceDeps {
  db: BenchtopDb;
  guarded<T>(work: () => Promise<T>): Promise<T>;
  withJob<T>(jobId: string, work: (c: CancelSource) => Promise<T>): Promise<T>;
  /** Forget cached tables and kept models: the stored data changed under them. */
  forget(): void;
}

/** Call once, right after openDb: the schema watch must be in place before another tab can upgrade. */
export function workspaceHandlers({ db, guarded, withJob, forget }: WorkspaceDeps): WorkspaceApi {
  // The event may come before the page subscribes: keep the last one and replay it.
  let last: StaleSchemaEvent | null = null;
  const listeners = new Set<(e: StaleSchemaEvent) => void>();
  onStaleSchema(db, (e) => {
    last = e;
    for (const l of listeners) l(e);
  });
  return {
    backupWorkspace: (jobId, onProgress) =>
      guarded(() =>
        withJob(jobId, async (cancel) => {
          const bytes = await backupWorkspace(db, (p) => {
            throwIfCancelled(cancel);
            onProgress(p);
          });
          return Comlink.transfer(bytes, [bytes.buffer]);
        }),
      ),

    restoreWorkspace: (file, mode, jobId, onProgress) =>
      guarded(() =>
        withJob(jobId, async (cancel) => {
          const bytes = new Uint8Array(await file.arrayBuffer());
          throwIfCancelled(cancel);
          try {
            // Cancelling stops the checks; once the write transaction starts it runs to the end (all or nothing).
            return await restoreWorkspace(db, bytes, { mode, onProgress: (p) => onProgress(p) });
          } finally {
            forget();
          }
        }),
      ),

    eraseWorkspace: () =>
      guarded(async () => {
        try {
          await eraseWorkspace(db);
        } finally {
          forget();
        }
      }),

    watchSchema: (onEvent) =>
      guarded(async () => {
        listeners.add(onEvent);
        if (last) onEvent(last);
      }),
  };
}
