/**
 * The error catalogue. Every user-facing failure carries a stable `code` (never renamed:
 * tests, the CLI's exit output and saved run records refer to it) and a message that says
 * what was wrong, where, and what to do.
 */

/** Where in the input the problem is. All fields optional; 1-based row numbers as a person counts. */
export interface ErrorLocation {
  row?: number;
  column?: string;
  field?: string;
}

type Params = Record<string, string | number | undefined>;

const n = (v: string | number | undefined): string =>
  typeof v === 'number' ? v.toLocaleString('en-US') : String(v ?? '?');

/** code -> message builder. Keep codes snake_case and stable. */
const catalogue = {
  // data ingest
  csv_empty: () => 'The file is empty or has no header row. Add a header line naming each column.',
  csv_ragged_row: (p: Params) =>
    `Row ${n(p.row)} has ${n(p.fields)} fields; the header has ${n(p.expected)}. Check for unquoted commas or a missing delimiter on that line.`,
  csv_unclosed_quote: (p: Params) =>
    `Row ${n(p.row)} opens a quoted field that never closes. Close the quote or remove the stray quote character.`,
  csv_duplicate_header: (p: Params) =>
    `Column name "${n(p.column)}" appears more than once in the header${p.others ? ` (so do ${p.others})` : ''}. Rename the repeats (e.g. "${n(p.column)}_2") or import with repeated names renamed.`,
  csv_blank_header: (p: Params) =>
    `Header field ${n(p.index)} is blank. Give every column a name.`,
  json_invalid: (p: Params) => `The JSON file could not be parsed: ${n(p.reason)}. Fix the syntax and import again.`,
  json_not_records: () =>
    'The JSON file must hold an array of objects (one object per row), e.g. [{"a": 1}, {"a": 2}].',
  json_bad_record: (p: Params) => `Row ${n(p.row)} is not an object. Every element of the array must be {"column": value, ...}.`,
  data_no_rows: () => 'The data has a header but no rows. Import a file with at least one data row.',
  data_too_few_rows: (p: Params) =>
    `Only ${n(p.rows)} usable rows; at least ${n(p.min)} are needed for a train/test split.`,
  file_unsupported: (p: Params) =>
    `"${n(p.name)}" is not a supported file type. Import a .csv, .tsv, .json, .ndjson, .parquet or .arrow file.`,
  file_read_failed: (p: Params) => `Could not read "${n(p.name)}": ${n(p.reason)}.`,
  // data ingest: encodings and content sniffing (src/core/data/text-encoding.ts, sniff-format.ts)
  file_not_text: (p: Params) =>
    `"${n(p.name)}" does not look like a text file (a binary byte near byte ${n(p.offset)}). It may be another format saved under this name: export the data as CSV (UTF-8) and import again.`,
  file_format_mismatch: (p: Params) =>
    `"${n(p.name)}" is named like ${n(p.expected)} but its content looks like ${n(p.actual)}. ${n(p.advice)}`,
  file_encoding_unsupported: (p: Params) =>
    `"${n(p.name)}" is ${n(p.encoding)} text, which Benchtop cannot read. Save it as UTF-8 and import again.`,
  // spec / planning
  spec_invalid: (p: Params) => `The experiment spec is invalid at ${n(p.field)}: ${n(p.reason)}.`,
  spec_unsupported_version: (p: Params) =>
    `Experiment spec version ${n(p.version)} is not supported by this Benchtop (supports 1).`,
  target_missing: (p: Params) => `Target column "${n(p.column)}" is not in the data. Pick one of: ${n(p.available)}.`,
  target_all_missing: (p: Params) => `Target column "${n(p.column)}" has no non-missing values.`,
  target_single_class: (p: Params) =>
    `Target column "${n(p.column)}" has only one class ("${n(p.value)}"); a classifier needs at least two.`,
  target_not_numeric: (p: Params) =>
    `Target column "${n(p.column)}" has non-numeric value "${n(p.value)}" at row ${n(p.row)}; regression needs numbers. Choose a classification task or clean the column.`,
  task_mismatch: (p: Params) => `Task "${n(p.task)}" does not fit target "${n(p.column)}": ${n(p.reason)}.`,
  feature_missing: (p: Params) => `Feature column "${n(p.column)}" is not in the data.`,
  no_features: () => 'No feature columns are left after removing the target. Add at least one feature column.',
  split_class_too_small: (p: Params) =>
    `Class "${n(p.value)}" has ${n(p.count)} ${p.count === 1 ? 'row' : 'rows'}; stratified splitting needs at least ${n(p.min)}. Merge rare classes or turn off stratification.`,
  test_data_schema: (p: Params) => `The test data lacks column "${n(p.column)}" that the training data has.`,
  unknown_model: (p: Params) => `Unknown model "${n(p.model)}". Use one of: ${n(p.available)}.`,
  tree_model_invalid: (p: Params) =>
    `The saved tree model is invalid at ${n(p.field)}: ${n(p.reason)}. Export the model again from the run that trained it.`,
  model_task_mismatch: (p: Params) => `Model "${n(p.model)}" cannot be used for a ${n(p.task)} task.`,
  // training
  backend_unavailable: (p: Params) => `Backend "${n(p.backend)}" is not available here: ${n(p.reason)}.`,
  training_diverged: (p: Params) =>
    `Training diverged at epoch ${n(p.epoch)} (loss became ${n(p.loss)}). Lower the learning rate or standardise the features.`,
  cancelled: () => 'The job was cancelled.',
  gpu_device_lost: (p: Params) =>
    `The GPU device was lost during training (${n(p.reason)}). Nothing was lost: retry the run on another backend (wasm or cpu), or reload the page to get the GPU back.`,
  gpu_out_of_memory: (p: Params) =>
    `The GPU ran out of memory (${n(p.reason)}). Lower the batch size (now ${n(p.batchSize)}) or the hidden layer sizes, or train on the wasm/cpu backend.`,
  // storage
  storage_failed: (p: Params) => `Saving to the browser's storage failed: ${n(p.reason)}. Nothing was written.`,
  dataset_not_found: (p: Params) => `Dataset ${n(p.id)} is not in storage. It may have been deleted.`,
  // dataset versions, storage quota, data contracts (added with track/versions and validate/contract)
  import_not_staged: () =>
    'That import is no longer waiting for review (the page was reloaded or another import replaced it). Import the file again.',
  storage_quota_exceeded: (p: Params) =>
    `The browser's storage is full${p.detail ? ` (${n(p.detail)})` : ''}. Nothing was written. Delete datasets, versions or runs you no longer need, or export a backup and then delete them.`,
  version_not_found: (p: Params) => `Dataset version ${n(p.id)} is not in storage. It may have been deleted.`,
  version_in_use: (p: Params) =>
    `Version ${n(p.version)} of "${n(p.dataset)}" is used by ${n(p.count)} run${p.count === 1 ? '' : 's'} (${n(p.runs)}). Delete those runs first, or delete with force to keep the runs without their data.`,
  contract_invalid: (p: Params) =>
    `The data contract is invalid at ${n(p.field)}: ${n(p.reason)}. Fix that field, or generate a new contract from the data.`,
  // cli
  cli_usage: (p: Params) => `${n(p.reason)}. Run "benchtop --help" for usage.`,
  // hyperparameter search (src/core/search)
  search_trials_failed: (p: Params) =>
    `All ${n(p.trials)} trials of the search failed; the first said: ${n(p.reason).replace(/\.$/, '')}. Fix the experiment or narrow the search space, then search again.`,
  search_resume_mismatch: (p: Params) =>
    `The saved search does not match this experiment: ${n(p.reason)}. Resume with the spec, data and seed the search started with, or start a new search.`,
  // data ingest (added with src/core/data)
  file_not_utf8: (p: Params) =>
    `The file is not valid UTF-8 text (near byte ${n(p.offset)}). Save it as UTF-8 (in Excel: "CSV UTF-8") and import again.`,
  csv_bad_delimiter: (p: Params) =>
    `"${n(p.delimiter)}" cannot be a CSV delimiter. Use a single character other than a quote or a line break, e.g. "," or ";".`,
  data_no_columns: () => 'The data has rows but no columns. Each record needs at least one named field.',
  column_not_found: (p: Params) => `Column "${n(p.column)}" is not in the data. Columns: ${n(p.available)}.`,
  column_kind_mismatch: (p: Params) =>
    `Column "${n(p.column)}" cannot be read as ${n(p.kind)}: data row ${n(p.row)} (the first row after the header is 1) holds "${n(p.value)}". Choose another kind for the column or fix the value.`,
  column_not_numeric: (p: Params) =>
    `Column "${n(p.column)}" is ${n(p.kind)}, not numeric. Encode it first (e.g. one-hot) or pick a numeric column.`,
  // Parquet / Arrow import and URL fetch (src/core/data/arrow-import.ts, parquet.ts, fetch-url.ts)
  parquet_invalid: (p: Params) =>
    `"${n(p.name)}" is not a readable Parquet file: ${n(p.reason)}. Check that the file is complete (not cut short by a download) and really Parquet, or export it again.`,
  arrow_invalid: (p: Params) =>
    `"${n(p.name)}" is not a readable Arrow IPC file or stream: ${n(p.reason)}. Check that the file is complete and written by Arrow (.arrow, .arrows, .feather v2), or export it again.`,
  duplicate_column: (p: Params) =>
    `Column name "${n(p.column)}" appears more than once in "${n(p.name)}". Rename one of the columns and import again.`,
  column_too_large: (p: Params) =>
    `Column "${n(p.column)}" holds more than 2 GiB of text, more than one column can hold. Drop or shorten that column before importing.`,
  url_invalid: (p: Params) => `"${n(p.url)}" cannot be fetched: ${n(p.reason)}.`,
  url_fetch_failed: (p: Params) => `Fetching ${n(p.url)} failed: ${n(p.reason)}.`,
  url_too_large: (p: Params) =>
    `${n(p.url)} is larger than ${n(p.max)} bytes, the most Benchtop fetches. Download a smaller extract, or download the file and drop it in.`,
  // PII scrubbing (src/core/validate/pii)
  pii_action_invalid: (p: Params) =>
    `The PII action for column "${n(p.column)}" is invalid: ${n(p.reason)}. Give each column at most one action: drop, mask or hash.`,
  pii_salt_missing: (p: Params) =>
    `Hashing column "${n(p.column)}" needs a salt. Pass a non-empty salt (generateSalt() makes one) and keep it to hash later data the same way.`,
  // evaluation: calibrators and slices (src/core/evaluate/calibration, src/core/evaluate/slices)
  calibrator_invalid: (p: Params) =>
    `The saved calibrator is invalid at ${n(p.field)}: ${n(p.reason)}. Fit the calibrator again on held-out rows.`,
  slice_filter_invalid: (p: Params) =>
    `Slice filter ${n(p.index)} on column "${n(p.column)}" is invalid: ${n(p.reason)}. Use an operator of ==, !=, <, <=, >, >=, in with a value of the column's kind.`,
  // model explanations (src/core/evaluate/explain)
  explain_invalid: (p: Params) => `The explanation request is invalid at ${n(p.field)}: ${n(p.reason)}. Fix that argument and run the explanation again.`,
  // run evaluation page, comparisons and `benchtop explain` (src/core/evaluate/run-evaluation, src/core/track)
  run_not_found: (p: Params) => `Run ${n(p.id)} is not in storage. It may have been deleted.`,
  run_not_finished: (p: Params) => `Run ${n(p.id)} is ${n(p.status)}, not finished: only a finished run has predictions to evaluate. Run it again.`,
  run_artifacts_missing: () => 'This run was recorded before predictions were kept; re-run it to evaluate it.',
  run_is_search: () =>
    'This run is a hyperparameter search or one of its trials: it keeps cross-validated scores, not held-out predictions, so there is nothing to evaluate here. Train the best configuration ("Train final model with the best configuration" on the dataset\'s Search tab) and evaluate that run.',
  run_rows_missing: (p: Params) => `This run has no ${n(p.rows)} rows to evaluate${p.hint ? `: ${n(p.hint)}` : ''}.`,
  run_rows_differ: (p: Params) =>
    `The two runs were not evaluated on the same rows (${n(p.a)} and ${n(p.b)} held-out rows, ${n(p.shared)} in common${p.reason ? `; ${n(p.reason)}` : ''}). Compare runs of the same dataset version with the same split and seed.`,
  evaluation_invalid: (p: Params) => `The evaluation request is invalid at ${n(p.field)}: ${n(p.reason)}.`,
  run_record_invalid: (p: Params) =>
    `${n(p.name)} is not a run record: ${n(p.reason)}. Pass the JSON that \`benchtop train --json\` prints, or a run exported from the studio.`,
  run_data_mismatch: (p: Params) =>
    `${n(p.name)} is not the data this run was trained on: its fingerprint is ${n(p.actual)}, the run's is ${n(p.expected)}. A refit on other data would explain a different model; pass the same file (same rows, columns and values) the run used.`,
  model_bundle_unsupported: (p: Params) =>
    `${p.model ? `A ${n(p.model)} model` : 'This model'} cannot be saved to or loaded from a model bundle by this Benchtop version. Train a model of another kind to export it, or explain the run instead: --run RUN.json --data FILE refits its model deterministically.`,
  explain_metric_unavailable: (p: Params) =>
    `Permutation importance cannot use ${n(p.metric)}: it is undefined on the unpermuted rows (${n(p.reason)}). Pick another metric or score more rows.`,
  model_artifact_invalid: (p: Params) =>
    `The ${n(p.model)} model data is invalid at ${n(p.field)}: ${n(p.reason)}. The model file is damaged or was written by an incompatible version; train or export it again.`,
  tree_invalid: (p: Params) =>
    `Tree ${n(p.tree)} of the ensemble is malformed at node ${n(p.node)}: ${n(p.reason)}. The model file is damaged or was written by an incompatible version; train or export it again.`,
  // ONNX export (src/core/export/onnx)
  onnx_unsupported: (p: Params) =>
    `This ${n(p.model)} model cannot be exported to ONNX: ${n(p.reason)}. Nothing was exported (an ONNX file must predict exactly what Benchtop predicts); ${p.hint ? n(p.hint) : 'export a Benchtop model bundle instead, or train a linear, MLP or tree model'}.`,
  onnx_export_invalid: (p: Params) =>
    `The ${n(p.model)} model's parameters are inconsistent at ${n(p.field)}: ${n(p.reason)}. Nothing was exported; the model data is damaged or was built by hand: train or load the model again.`,
  // model bundles: export, import, scoring (src/core/export)
  bundle_invalid: (p: Params) =>
    `The model bundle is invalid: ${n(p.entry)}${p.field ? ` at ${n(p.field)}` : ''}: ${n(p.reason)}. ${p.hint ? n(p.hint) : 'Nothing from it was used. The file is damaged, was changed after export or was not written by Benchtop: export the model again from the studio or with benchtop train --out.'}`,
  bundle_too_large: (p: Params) =>
    `The model bundle is too large: ${n(p.entry)} is ${n(p.bytes)} bytes, over the limit of ${n(p.max)}. Nothing from it was used. Export a smaller model, or check that the file really is a Benchtop bundle.`,
  bundle_hash_mismatch: (p: Params) =>
    `The model bundle's ${n(p.entry)} does not match its manifest (SHA-256 ${n(p.actual)}, the manifest says ${n(p.expected)}): it was changed or damaged after export. Nothing from it was used; export the model again.`,
  bundle_unsupported_version: (p: Params) =>
    `The model bundle is format version ${n(p.version)}; this Benchtop reads version ${n(p.supported)}. Update Benchtop, or export the model again with this version.`,
  bundle_export_failed: (p: Params) => `The model bundle could not be written: ${n(p.reason)}.`,
  scoring_data_invalid: (p: Params) =>
    `The data to score breaks the model's input contract (${n(p.count)} problem${p.count === 1 ? '' : 's'}): ${n(p.details)}. Fix those columns or rows so they match the data the model was trained on; nothing was scored.`,
  // run metadata, run models, model registry, workspace backup (src/core/track)
  run_meta_invalid: (p: Params) => `The run's ${n(p.field)} is invalid: ${n(p.reason)}. Nothing was changed; fix it and save again.`,
  run_model_missing: (p: Params) =>
    `Run ${n(p.id)} has no stored model${p.reason ? ` (${n(p.reason)})` : ''}, so it cannot be registered. Re-run it with a Benchtop version that stores this kind of model.`,
  model_save_unsupported: (p: Params) =>
    `A ${n(p.model)} model cannot be stored yet, so this run keeps its metrics and predictions but not its model. Train another model kind to register or export it.`,
  model_save_failed: (p: Params) =>
    `The trained model could not be stored (${n(p.reason)}); the run keeps its metrics and predictions but not its model. Run it again to register or export the model.`,
  model_run_not_finished: (p: Params) =>
    `Run ${n(p.id)} is ${n(p.status)}: only a finished run's model can be registered. Pick a finished run or run it again.`,
  model_name_invalid: (p: Params) =>
    `"${n(p.name)}" cannot name a model: ${n(p.reason)}. Use 1-64 letters, digits, dots, underscores or hyphens, e.g. "churn-gbdt".`,
  registry_input_invalid: (p: Params) => `The ${n(p.field)} is invalid: ${n(p.reason)}. Nothing was changed.`,
  registered_model_not_found: (p: Params) => `There is no registered model named "${n(p.name)}". It may have been deleted; register a run's model under that name first.`,
  model_version_not_found: (p: Params) => `Model version ${n(p.id)} is not in the registry${p.reason ? ` (${n(p.reason)})` : ''}. It may have been deleted.`,
  model_alias_invalid: (p: Params) =>
    `"${n(p.alias)}" cannot be an alias: ${n(p.reason)}. Use a lowercase letter then up to 31 lowercase letters, digits, "_" or "-", e.g. "champion".`,
  model_alias_not_found: (p: Params) => `Model "${n(p.name)}" has no alias "${n(p.alias)}"${p.aliases ? ` (its aliases: ${n(p.aliases)})` : ''}.`,
  model_ref_invalid: (p: Params) => `"${n(p.ref)}" does not name a model version. Write name, name@3 (a version number) or name@champion (an alias).`,
  model_alias_in_use: (p: Params) =>
    `${n(p.target)} is what ${n(p.aliases)} point${p.count === 1 ? 's' : ''} at. Move or remove ${p.count === 1 ? 'that alias' : 'those aliases'} first, or delete with force (the ${p.count === 1 ? 'alias is' : 'aliases are'} removed and the removal logged).`,
  card_sections_invalid: (p: Params) => `The model card section ${n(p.field)} is invalid: ${n(p.reason)}. Nothing was saved.`,
  model_contract_missing: (p: Params) =>
    `Model version ${n(p.id)} records no data contract and its training data is no longer stored to make one, so data to score cannot be checked first. Nothing was scored; export and import its bundle from a workspace that has the contract, or register the run again after saving a contract on its dataset version.`,
  // batch monitoring (src/core/monitor, src/core/track/monitoring.ts)
  monitor_input_invalid: (p: Params) => `The monitoring ${n(p.field)} is invalid: ${n(p.reason)}. Nothing was scored.`,
  monitoring_run_not_found: (p: Params) => `There is no monitoring run ${n(p.id)}. It may have been deleted, with its model version or by hand.`,
  backup_invalid: (p: Params) =>
    `The backup file is invalid at ${n(p.entry)}${p.field ? `, ${n(p.field)}` : ''}: ${n(p.reason)}. Nothing was restored. The file is damaged, was changed after it was made, or is not a Benchtop backup.`,
  backup_failed: (p: Params) => `The backup could not be made: ${n(p.reason)}. Nothing was changed.`,
  workspace_outdated: (p: Params) =>
    `Benchtop was updated in another tab${p.version ? ` (storage is now at version ${n(p.version)})` : ''}; this tab still runs the old version and has let go of storage. Reload this tab to continue; nothing saved was lost.`,
  // shareable experiment links (src/core/share)
  link_corrupt: (p: Params) =>
    `The experiment link is damaged (${n(p.reason)}). Copy the whole link again; chat apps and e-mail sometimes cut long links.`,
  link_too_large: (p: Params) =>
    `The experiment link is too large (${n(p.size)} ${n(p.unit)}; at most ${n(p.limit)}). Nothing was run. Share the experiment as a spec file instead.`,
  link_version_unsupported: (p: Params) =>
    `The experiment link uses format "${n(p.version)}", which this Benchtop does not read (it reads ${n(p.supported)}). Update Benchtop or ask for a new link.`,
  link_invalid: (p: Params) => `The experiment link is invalid at ${n(p.field)}: ${n(p.reason)}. Nothing was run; ask for a new link.`,
  link_data_mismatch: (p: Params) =>
    `"${n(p.name)}" is not the data this experiment was run on: its fingerprint is ${n(p.actual)}, the link expects ${n(p.expected)}${p.detail ? ` (${n(p.detail)})` : ''}. Nothing was run or stored. Provide the exact file the experiment used.`,
  workspace_upgrade_blocked: () =>
    'Another Benchtop tab with an older version is still open and holds the storage this tab needs to upgrade. Close or reload the other Benchtop tabs; this tab continues as soon as they let go.',
} satisfies Record<string, (p: Params) => string>;

export type ErrorCode = keyof typeof catalogue;

/** A failure a user can act on. Crosses worker and process boundaries as {code, message, location}. */
export class BenchtopError extends Error {
  override readonly name = 'BenchtopError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly location: ErrorLocation = {},
  ) {
    super(message);
  }

  toJSON(): SerializedError {
    return { code: this.code, message: this.message, location: this.location };
  }
}

export interface SerializedError {
  code: string;
  message: string;
  location?: ErrorLocation;
}

/** Build a coded error; `params` fill the message and the location fields named row/column/field. */
export function benchtopError(code: ErrorCode, params: Params = {}): BenchtopError {
  const location: ErrorLocation = {};
  if (typeof params.row === 'number') location.row = params.row;
  if (typeof params.column === 'string') location.column = params.column;
  if (typeof params.field === 'string') location.field = params.field;
  return new BenchtopError(code, catalogue[code](params), location);
}

export function isBenchtopError(e: unknown): e is BenchtopError {
  return e instanceof BenchtopError;
}

/** Any thrown value -> something safe to show or store; unknown failures get code `internal`. */
export function serializeError(e: unknown): SerializedError {
  if (isBenchtopError(e)) return e.toJSON();
  if (e && typeof e === 'object' && 'code' in e && 'message' in e && typeof e.code === 'string')
    return { code: e.code, message: String(e.message) };
  return { code: 'internal', message: e instanceof Error ? e.message : String(e) };
}
