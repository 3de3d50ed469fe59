import { parseArgs } from 'node:util';
import { benchtopError } from '../core/errors.ts';

export const USAGE = `Benchtop — train and evaluate a model on a tabular file, on the same core as the studio.

Usage:
  benchtop train --data FILE --target COL [options]
  benchtop profile --data FILE [--target COL] [--contract FILE] [--contract-out FILE] [--missing TOKENS] [--json]
  benchtop explain --run RUN.json --data FILE [--test FILE] [--kind permutation|pdp|shap] [--feature NAME] [--json]

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
was. --model BUNDLE (explain an exported model) is not available yet.

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

export type Command = { kind: 'help' } | { kind: 'train'; args: TrainArgs } | { kind: 'profile'; args: ProfileArgs } | { kind: 'explain'; args: ExplainArgs };

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
        json: { type: 'boolean', default: false },
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
  if (!['train', 'profile', 'explain'].includes(positionals[0]!) || positionals.length > 1)
    throw usage(`unknown command "${positionals.join(' ')}"; the commands are "train", "profile" and "explain"`);
  if (positionals[0] === 'explain') return { kind: 'explain', args: explainArgs(v) };
  if (v.run !== undefined || v.test !== undefined || v.kind !== undefined || v.feature !== undefined)
    throw usage('--run, --test, --kind and --feature are explain options');
  if (!v.data) throw usage('--data FILE is required');
  if (positionals[0] === 'profile') {
    const trainOnly = ['task', 'model', 'test-size', 'test-data', 'cv', 'seed', 'backend', 'params', 'spec', 'predictions-out', 'split', 'final-test', 'pipeline', 'features-out', 'sanity', 'learning-curve'];
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
  return { kind: 'train', args };
}

function explainArgs(v: Record<string, unknown>): ExplainArgs {
  const allowed = new Set(['run', 'model', 'data', 'test', 'kind', 'feature', 'json', 'help', 'sanity', 'learning-curve']);
  const stray = Object.keys(v).find((k) => !allowed.has(k) && v[k] !== undefined && v[k] !== false);
  if (stray) throw usage(`--${stray} is not an explain option; explain takes --run, --data, --test, --kind, --feature and --json`);
  // Bundles are the model-bundle work (not built yet): say so before asking for anything else.
  if (v.model !== undefined) return { model: v.model as string, data: (v.data as string | undefined) ?? '', features: [], json: (v.json as boolean | undefined) ?? false };
  if (v.run === undefined) throw usage('explain needs --run RUN.json (or --model BUNDLE)');
  if (!v.data) throw usage('--data FILE is required');
  const kind = v.kind as string | undefined;
  if (kind !== undefined && !['permutation', 'pdp', 'shap'].includes(kind)) throw usage(`--kind must be permutation, pdp or shap, got "${kind}"`);
  const features = (v.feature as string[] | undefined) ?? [];
  if (kind === 'pdp' && (features.length < 1 || features.length > 2)) throw usage('--kind pdp needs one --feature NAME (or two for a 2-D grid)');
  if (kind !== 'pdp' && features.length > 0) throw usage('--feature applies to --kind pdp');
  const args: ExplainArgs = { data: v.data as string, features, json: (v.json as boolean | undefined) ?? false };
  args.run = v.run as string;
  if (v.test !== undefined) args.test = v.test as string;
  if (kind !== undefined) args.kind = kind as ExplainArgs['kind'];
  return args;
}
