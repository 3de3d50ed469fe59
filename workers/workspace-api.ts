/**
 * The worker contract for whole-workspace operations: back up everything to one file, restore
 * from it, erase everything, and hear when another tab has upgraded the database. Kept apart
 * from api.ts so the registry, runs and workspace contracts grow without touching each other.
 */
import type { Progress } from '../src/core/jobs.ts';
import type { RestoreReport } from '../src/core/track/restore.ts';
import type { StaleSchemaEvent } from '../src/core/track/workspace.ts';

export type { RestoreReport, StaleSchemaEvent };

export interface WorkspaceApi {
  /** Every table in one zip (see src/core/track/backup.ts); the bytes are transferred, not copied. */
  backupWorkspace(jobId: string, onProgress: (p: Progress) => void): Promise<Uint8Array>;
  /**
   * Checks the whole file before writing anything (backup_invalid names the entry and field),
   * then writes in one transaction. 'merge' never overwrites; 'replace' makes the workspace
   * exactly the backup.
   */
  restoreWorkspace(file: File, mode: 'merge' | 'replace', jobId: string, onProgress: (p: Progress) => void): Promise<RestoreReport>;
  /** Deletes every dataset, version, run, model and registry entry, in one transaction. */
  eraseWorkspace(): Promise<void>;
  /** Calls back when another tab needs a newer schema (this tab must reload) or this tab's upgrade waits on an older tab. */
  watchSchema(onEvent: (e: StaleSchemaEvent) => void): Promise<void>;
}
