import { parseArgs } from 'node:util';
import { benchtopError } from '../core/errors.ts';
import { SEARCH_ONLY_FLAGS, SEARCH_USAGE, searchArgs, type SearchArgs } from './search.ts';
import { linkArgs, type LinkArgs } from './link.ts';
import { runLinkArgs, type RunLinkArgs } from './run-link.ts';

export const USAGE = `Benchtop — train and evaluate a model on a tabular file, on the same core as the studio.

Usage:
  benchtop train --data FILE --target COL [options] [--out DIR [--name NAME]]
  benchtop score --model BUNDLE --data FILE [--out PRED.csv] [--json]
  benchtop score --model BUNDLE --data FILE --out FILE [--drift] [--shadow BUNDLE2] [--format csv|parquet|arrow]
      [--thresholds FILE.json] [--json]
  benchtop card --model BUNDLE
  benchtop profile --data FILE [--target COL] [--contract FILE] [--contract-out FILE] [--missing TOKENS] [--json]
  benchtop explain --run RUN.json --data FILE [--test FILE] [--kind permutation|pdp|shap] [--feature NAME] [--json]
  benchtop explain --model BUNDLE --data FILE [--kind permutation|pdp|shap] [--feature NAME] [--json]
  benchtop search --data FILE --target COL --model gbdt|mlp|... --space FILE.json --strategy grid|random|tpe|asha
      --trials N [--time-budget S] [--cv K] [--seed N] [--json]
  benchtop link SPEC.json [--data FILE] [--sample ID | --data-url URL] [--base URL]
  benchtop run --link URL|FILE.json [--data FILE] [--backend cpu|wasm|webgpu] [--json]

train --out DIR writes the reported model (the holdout model, the final-test refit, or under
plain cross-validation the first fold's) as a model bundle DIR/NAME-v1.zip: the model, its fitted
pipeline, the data contract of --data, metrics with 95% bootstrap CIs, lineage, a few example rows
and a model card. NAME defaults to the data file's name and the model kind (e.g. penguins-mlp).
The same model, --created-at and data give a byte-identical bundle.

score checks FILE against the bundle's data contract first (missing or renamed columns, values
out of range, unseen categories, unit changes: a violation exits 1 with the columns and rows,
and nothing is scored), then writes one line per row: row, y_pred and, for classifiers, one
proba_<class> column per class. Without --out the CSV goes to stdout. card prints the bundle's
model card (Markdown with YAML front matter).

score with --drift, --shadow or --format is batch monitoring: the predictions go to --out as CSV
(default), Parquet or Arrow IPC with columns row (1-based), prediction, p(<class>)... and
model_version (NAME@VERSION; Parquet and Arrow also in the schema metadata). --drift prints each
input column's drift against the bundle's training reference (PSI, KS + p, Wasserstein for
numbers; chi-squared + p, Jensen-Shannon for labels; a verdict per column) and the drift of the
predictions; when FILE has the target column, the metrics against the bundle's held-out numbers.
--shadow BUNDLE2 scores the same rows with a second model and prints how often they agree.
--thresholds FILE.json overrides the verdict lines (see README). Exit code: 0 done (no drift),
1 an error (the contract check failed: nothing is written), 2 a usage error, 3 drift found (a
column or the predictions at "drift") or the headline metric below the card's interval.

profile prints the column profile, the data checks that fired (code, severity, column, message)
and, with --contract, the contract verdict. Exit code: 0 the file was read (even with warnings),
1 the contract failed, 2 the file (or contract) could not be read. --contract-out writes a data
contract generated from FILE (edit it, then check new files with --contract). --missing takes a
comma-separated list of cell spellings read as missing (default: empty, NA, N/A, NaN, nan, null,
NULL, None, ?).

explain refits the run's reported model deterministically (same spec, data and seed: the
holdout model, the final-test refit, or the first fold under plain cross-validation) and prints
its permutation importance and SHAP summary (default: both), or with --kind pdp the partial
dependence of one --feature (two --feature flags: a 2-D grid). RUN.json is what
\`benchtop train --json\` prints, or a run exported from the studio. FILE must be the data the run
was trained on (its fingerprint is checked); --test FILE the test file it was evaluated on, when it
was. With --model BUNDLE, explain explains the bundle's own model (no refit) on the rows of
FILE, which must keep the bundle's contract; permutation importance also needs the target column
in FILE (without it explain --model defaults to SHAP only).

${SEARCH_USAGE}
link prints a shareable link (the spec, its data contract, and with a train --json document its
metrics and backend, compressed into the URL fragment). The data is a bundled --sample, an https
--data-url, or (default) a local file known by its fingerprint. run --link replays a link: it
checks the data's fingerprint (--data FILE, else the link's sample or URL), trains as train does,
and compares the metrics; exit 1 when they differ on the link's own backend. A spec too large for
a link is printed (and offered by the studio) as a JSON file: run --link FILE.json replays it.

Train options:
  --data FILE              CSV/TSV, JSON (records) / NDJSON, Parquet or Arrow IPC file
  --target COL             column to predict
  --task T                 binary | multiclass | regression (default: inferred from the target)
  --model M                baseline | logistic | linear | mlp | knn | naive-bayes | gbdt | random-forest | ensemble (default: mlp)
  --test-size F            holdout fraction in (0, 1) (default 0.2)
  --test-data FILE         evaluate on this file instead of a split (train on all of --data)
  --cv K                   K-fold cross-validation instead of a holdout (fold family follows --split)
  --split S                random | stratified | group:COL | time:COL | column:COL
                           (default: stratified for classification, random for regression)
  --final-test F           with --cv: lock away fraction F first, evaluate it once on a final refit
  --pipeline P             auto (default) or a JSON file holding a list of pipeline steps
  --features-out FILE      write the transformed feature matrix (pipeline fitted on all rows) as CSV
  --seed N                 seed for splits, shuffles and initialisers (default 42)
  --backend B              cpu | wasm | webgpu (default cpu; webgpu uses Dawn)
  --params JSON            model parameters, e.g. '{"hiddenLayers":[32],"epochs":50}'
  --spec FILE              a full ExperimentSpec JSON file (flags override its fields)
  --predictions-out FILE   write held-out predictions as CSV
  --sanity                 run the pre-training sanity checks (networks) and print the checklist
  --learning-curve         also train on 10/25/50/75/100% of the training rows and print the curve
  --json                   print one JSON document instead of a summary; its "evaluation" field
                           lists every applicable metric on the held-out rows with a 95% bootstrap CI
  --out DIR                write the model bundle DIR/NAME-v1.zip (created if missing; replaced if present)
  --name NAME              bundle model name (letters, digits, . _ -; default DATA-MODEL)
  --created-at ISO         the bundle's creation time (default $SOURCE_DATE_EPOCH, else now)
  --sensitive COL          binary tasks: fairness gaps across the groups of COL in the model card
  -h, --help               show this help
`;

export interface TrainArgs {
  data: string;
  target?: string;
  task?: string;
  model?: string;
  testSize?: number;
  testData?: string;
  cv?: number;
  seed?: number;
  backend: string;
  params?: string;
  spec?: string;
  predictionsOut?: string;
  split?: string;
  finalTest?: number;
  pipeline?: string;
  featuresOut?: string;
  sanity: boolean;
  learningCurve: boolean;
  json: boolean;
  /** Write the model bundle into this directory. */
  out?: string;
  name?: string;
  createdAt?: string;
  sensitive?: string;
}

export interface ScoreArgs {
  model: string;
  data: string;
  out?: string;
  json: boolean;
  /** Batch monitoring (score-monitor.ts): drift report, shadow bundle, predictions format, thresholds file. */
  drift?: boolean;
  shadow?: string;
  format?: 'csv' | 'parquet' | 'arrow';
  thresholds?: string;
}

export interface CardArgs {
  model: string;
}

export interface ProfileArgs {
  data: string;
  target?: string;
  contract?: string;
  contractOut?: string;
  /** Cell spellings read as missing, replacing the defaults. */
  missing?: string[];
  json: boolean;
}

export interface ExplainArgs {
  run?: string;
  model?: string;
  data: string;
  test?: string;
  kind?: 'permutation' | 'pdp' | 'shap';
  features: string[];
  json: boolean;
}

export type Command =
  | { kind: 'help' }
  | { kind: 'train'; args: TrainArgs }
  | { kind: 'profile'; args: ProfileArgs }
  | { kind: 'explain'; args: ExplainArgs }
  | { kind: 'score'; args: ScoreArgs }
  | { kind: 'card'; args: CardArgs }
  | { kind: 'search'; args: SearchArgs }
  | { kind: 'link'; args: LinkArgs }
  | { kind: 'run-link'; args: RunLinkArgs };

const usage = (reason: string) => benchtopError('cli_usage', { reason });

function num(name: string, v: string | undefined, integer: boolean): number | undefined {
  if (v === undefined) return undefined;
  const x = Number(v);
  if (v.trim() === '' || !Number.isFinite(x) || (integer && !Number.isInteger(x)))
    throw usage(`--${name} must be ${integer ? 'an integer' : 'a number'}, got "${v}"`);
  return x;
}

export function parseCommand(argv: string[]): Command {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        data: { type: 'string' },
        target: { type: 'string' },
        task: { type: 'string' },
        model: { type: 'string' },
        'test-size': { type: 'string' },
        'test-data': { type: 'string' },
        cv: { type: 'string' },
        seed: { type: 'string' },
        backend: { type: 'string' },
        params: { type: 'string' },
        spec: { type: 'string' },
        'predictions-out': { type: 'string' },
        split: { type: 'string' },
        'final-test': { type: 'string' },
        pipeline: { type: 'string' },
        'features-out': { type: 'string' },
        contract: { type: 'string' },
        'contract-out': { type: 'string' },
        missing: { type: 'string' },
        run: { type: 'string' },
        test: { type: 'string' },
        kind: { type: 'string' },
        feature: { type: 'string', multiple: true },
        out: { type: 'string' },
        name: { type: 'string' },
        'created-at': { type: 'string' },
        sensitive: { type: 'string' },
        space: { type: 'string' },
        strategy: { type: 'string' },
        trials: { type: 'string' },
        'time-budget': { type: 'string' },
        workers: { type: 'string' },
        link: { type: 'string' },
        'data-url': { type: 'string' },
        sample: { type: 'string' },
        base: { type: 'string' },
        json: { type: 'boolean', default: false },
        drift: { type: 'boolean', default: false },
        shadow: { type: 'string' },
        format: { type: 'string' },
        thresholds: { type: 'string' },
        sanity: { type: 'boolean', default: false },
        'learning-curve': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (e) {
    throw usage(e instanceof Error ? e.message.replace(/\. To specify.*$/s, '') : String(e));
  }
  const { values: v, positionals } = parsed;
  if (v.help || positionals.length === 0) return { kind: 'help' };
  if (positionals[0] === 'link') return { kind: 'link', args: linkArgs(v, positionals) };
  if (positionals[0] === 'run' && positionals.length === 1) return { kind: 'run-link', args: runLinkArgs(v) };
  const linkOnly = ['link', 'data-url', 'sample', 'base'].find((f) => (v as Record<string, unknown>)[f] !== undefined);
  if (linkOnly) throw usage(`--${linkOnly} is a link option (benchtop link ... / benchtop run --link ...)`);
  if (!['train', 'score', 'card', 'profile', 'explain', 'search'].includes(positionals[0]!) || positionals.length > 1)
    throw usage(`unknown command "${positionals.join(' ')}"; the commands are "train", "search", "score", "card", "profile", "explain", "link" and "run"`);
  if (positionals[0] === 'search') return { kind: 'search', args: searchArgs(v) };
  const searchOnly = SEARCH_ONLY_FLAGS.find((f) => (v as Record<string, unknown>)[f] !== undefined);
  if (searchOnly) throw usage(`--${searchOnly} is a search option (benchtop search ...)`);
  if (positionals[0] === 'explain') return { kind: 'explain', args: explainArgs(v) };
  if (positionals[0] === 'score' || positionals[0] === 'card') return bundleCommand(positionals[0], v);
  if (v.out !== undefined && v.out.trim() === '') throw usage('--out needs a directory');
  if (v.run !== undefined || v.test !== undefined || v.kind !== undefined || v.feature !== undefined)
    throw usage('--run, --test, --kind and --feature are explain options');
  if (!v.data) throw usage('--data FILE is required');
  if (positionals[0] === 'profile') {
    const trainOnly = ['task', 'model', 'test-size', 'test-data', 'cv', 'seed', 'backend', 'params', 'spec', 'predictions-out', 'split', 'final-test', 'pipeline', 'features-out', 'sanity', 'learning-curve', 'out', 'name', 'created-at', 'sensitive'];
    const stray = trainOnly.find((k) => (v as Record<string, unknown>)[k] !== undefined && (v as Record<string, unknown>)[k] !== false);
    if (stray) throw usage(`--${stray} is a train option; profile takes --data, --target, --contract, --contract-out, --missing and --json`);
    const args: ProfileArgs = { data: v.data, json: v.json ?? false };
    if (v.target !== undefined) args.target = v.target;
    if (v.contract !== undefined) args.contract = v.contract;
    if (v['contract-out'] !== undefined) args.contractOut = v['contract-out'];
    if (v.missing !== undefined) args.missing = v.missing.split(',');
    return { kind: 'profile', args };
  }
  if (v.contract !== undefined || v['contract-out'] !== undefined || v.missing !== undefined)
    throw usage('--contract, --contract-out and --missing are profile options');
  if (!v.target && !v.spec) throw usage('--target COL is required');
  const splits = [v['test-size'] !== undefined, v['test-data'] !== undefined, v.cv !== undefined].filter(Boolean).length;
  if (splits > 1) throw usage('use only one of --test-size, --test-data and --cv');
  const backend = v.backend ?? 'cpu';
  if (!['cpu', 'wasm', 'webgpu'].includes(backend)) throw usage(`--backend must be cpu, wasm or webgpu, got "${backend}"`);
  const args: TrainArgs = { data: v.data, backend, json: v.json ?? false, sanity: v.sanity ?? false, learningCurve: v['learning-curve'] ?? false };
  if (v.target !== undefined) args.target = v.target;
  if (v.task !== undefined) args.task = v.task;
  if (v.model !== undefined) args.model = v.model;
  const testSize = num('test-size', v['test-size'], false);
  if (testSize !== undefined) args.testSize = testSize;
  if (v['test-data'] !== undefined) args.testData = v['test-data'];
  const cv = num('cv', v.cv, true);
  if (cv !== undefined) args.cv = cv;
  const seed = num('seed', v.seed, true);
  if (seed !== undefined) args.seed = seed;
  if (v.params !== undefined) args.params = v.params;
  if (v.spec !== undefined) args.spec = v.spec;
  if (v['predictions-out'] !== undefined) args.predictionsOut = v['predictions-out'];
  if (v.split !== undefined) {
    if (!/^(random|stratified|(group|time|column):.+)$/.test(v.split))
      throw usage(`--split must be random, stratified, group:COL, time:COL or column:COL, got "${v.split}"`);
    if (v.split.startsWith('column:') && v.cv !== undefined) throw usage('--split column:COL is a holdout; it cannot be combined with --cv');
    args.split = v.split;
  }
  const finalTest = num('final-test', v['final-test'], false);
  if (finalTest !== undefined) {
    if (args.cv === undefined) throw usage('--final-test needs --cv');
    if (!(finalTest > 0 && finalTest < 1)) throw usage('--final-test must be in (0, 1)');
    args.finalTest = finalTest;
  }
  if (v.pipeline !== undefined) args.pipeline = v.pipeline;
  if (v['features-out'] !== undefined) args.featuresOut = v['features-out'];
  if ((v.name !== undefined || v['created-at'] !== undefined || v.sensitive !== undefined) && v.out === undefined)
    throw usage('--name, --created-at and --sensitive describe the bundle that --out DIR writes');
  if (v.out !== undefined) args.out = v.out;
  if (v.name !== undefined) {
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/.test(v.name)) throw usage(`--name must be 1-100 letters, digits, ".", "_" or "-" (it names a file), got "${v.name}"`);
    args.name = v.name;
  }
  if (v['created-at'] !== undefined) {
    if (Number.isNaN(Date.parse(v['created-at']))) throw usage(`--created-at must be an ISO 8601 date, got "${v['created-at']}"`);
    args.createdAt = v['created-at'];
  }
  if (v.sensitive !== undefined) args.sensitive = v.sensitive;
  return { kind: 'train', args };
}

function bundleCommand(kind: 'score' | 'card', v: Record<string, unknown>): Command {
  const allowed = new Set(kind === 'score' ? ['model', 'data', 'out', 'json', 'help', 'sanity', 'learning-curve', 'drift', 'shadow', 'format', 'thresholds'] : ['model', 'json', 'help', 'sanity', 'learning-curve']);
  const stray = Object.keys(v).find((k) => !allowed.has(k) && v[k] !== undefined && v[k] !== false);
  if (stray) throw usage(`--${stray} is not a ${kind} option; ${kind} takes ${kind === 'score' ? '--model, --data, --out, --drift, --shadow, --format, --thresholds and --json' : '--model'}`);
  if (typeof v.model !== 'string' || v.model === '') throw usage(`${kind} needs --model BUNDLE (a .zip written by benchtop train --out or exported from the studio)`);
  if (kind === 'card') return { kind, args: { model: v.model } };
  if (typeof v.data !== 'string' || v.data === '') throw usage('--data FILE is required');
  const args: ScoreArgs = { model: v.model, data: v.data, json: (v.json as boolean | undefined) ?? false };
  if (typeof v.out === 'string') args.out = v.out;
  if (v.drift === true) args.drift = true;
  if (typeof v.shadow === 'string') args.shadow = v.shadow;
  if (typeof v.thresholds === 'string') args.thresholds = v.thresholds;
  if (v.format !== undefined) {
    if (v.format !== 'csv' && v.format !== 'parquet' && v.format !== 'arrow') throw usage(`--format must be csv, parquet or arrow, got "${String(v.format)}"`);
    args.format = v.format;
  }
  if ((args.drift || args.shadow !== undefined || args.format !== undefined || args.thresholds !== undefined) && !args.out)
    throw usage('batch monitoring (--drift, --shadow, --format, --thresholds) writes the predictions to a file: give --out FILE');
  return { kind, args };
}

function explainArgs(v: Record<string, unknown>): ExplainArgs {
  const allowed = new Set(['run', 'model', 'data', 'test', 'kind', 'feature', 'json', 'help', 'sanity', 'learning-curve']);
  const stray = Object.keys(v).find((k) => !allowed.has(k) && v[k] !== undefined && v[k] !== false);
  if (stray) throw usage(`--${stray} is not an explain option; explain takes --run or --model, --data, --test, --kind, --feature and --json`);
  if (v.run !== undefined && v.model !== undefined) throw usage('explain takes --run RUN.json or --model BUNDLE, not both');
  if (v.run === undefined && v.model === undefined) throw usage('explain needs --run RUN.json or --model BUNDLE');
  if (v.model !== undefined && v.test !== undefined) throw usage('--test applies to --run; with --model BUNDLE pass the rows to explain as --data FILE');
  if (!v.data) throw usage('--data FILE is required');
  const kind = v.kind as string | undefined;
  if (kind !== undefined && !['permutation', 'pdp', 'shap'].includes(kind)) throw usage(`--kind must be permutation, pdp or shap, got "${kind}"`);
  const features = (v.feature as string[] | undefined) ?? [];
  if (kind === 'pdp' && (features.length < 1 || features.length > 2)) throw usage('--kind pdp needs one --feature NAME (or two for a 2-D grid)');
  if (kind !== 'pdp' && features.length > 0) throw usage('--feature applies to --kind pdp');
  const args: ExplainArgs = { data: v.data as string, features, json: (v.json as boolean | undefined) ?? false };
  if (v.run !== undefined) args.run = v.run as string;
  if (v.model !== undefined) args.model = v.model as string;
  if (v.test !== undefined) args.test = v.test as string;
  if (kind !== undefined) args.kind = kind as ExplainArgs['kind'];
  return args;
}
