/** Branded ids: a DatasetId cannot be passed where a RunId is wanted. */
declare const brand: unique symbol;
export type Brand<T, B extends string> = T & { readonly [brand]: B };

/** The dataset's content fingerprint (SHA-256 hex of canonical Arrow IPC bytes). */
export type DatasetId = Brand<string, 'DatasetId'>;
export type RunId = Brand<string, 'RunId'>;

export const asDatasetId = (s: string): DatasetId => s as DatasetId;
export const asRunId = (s: string): RunId => s as RunId;
