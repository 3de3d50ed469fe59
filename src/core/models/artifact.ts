/**
 * A fitted model as plain data, so it can be stored in IndexedDB, written into a bundle and
 * loaded back to predict exactly as before. Everything but big numbers goes in `meta` (JSON);
 * big numbers go in named binary blobs (little-endian), so a bundle holds `model.json` plus
 * one file per blob and nothing in it is ever evaluated as code.
 *
 * Each model kind owns its own layout of `meta`/`blobs` and bumps `format` when it changes;
 * loading an unknown kind or format fails with a stable code instead of guessing.
 */
import type { ModelKind, Task } from '../spec/types.ts';

export type ArtifactJson = string | number | boolean | null | ArtifactJson[] | { [key: string]: ArtifactJson };

export interface ModelArtifact {
  /** The registered model kind that wrote it (and must read it). */
  kind: ModelKind;
  /** The kind's own layout version. */
  format: number;
  task: Task;
  /** Input columns (after the pipeline) and outputs: k classes, or 1 for regression. */
  d: number;
  k: number;
  /** Structure and small parameters (hyperparameters, shapes, TF.js topology, tree JSON). */
  meta: ArtifactJson;
  /** Named binary payloads: weights, tree arrays. Names are plain file names ([a-z0-9._-]). */
  blobs: Record<string, Uint8Array>;
}

/** File names a blob may have: what a bundle can hold without any path tricks. */
export const BLOB_NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;
