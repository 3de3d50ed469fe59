/**
 * One call to compare two models on the same rows: a paired bootstrap of the chosen metric
 * and, for classifiers, McNemar's test on their argmax predictions. McNemar tests accuracy, so
 * it takes part in the verdict only when the metric is accuracy (both must then agree before a
 * winner is named); for other metrics it is reported alongside.
 */
import type { ClassificationData } from '../types.ts';
import { isClassification, type EvalData, type MetricRequest } from './metric-request.ts';
import { mcnemarTest, type McNemarResult } from './mcnemar.ts';
import { pairedBootstrap, pairedBootstrapSync, type PairedBootstrapOptions, type PairedBootstrapResult } from './paired-bootstrap.ts';
import { formatCount, formatDifference, formatInterval, formatP, namesOf, type Verdict, sentenceStart } from './verdict.ts';

export interface CompareOptions extends PairedBootstrapOptions {
  /** Metric to compare on. Default 'accuracy' for classifiers, 'rmse' for regressors. */
  metric?: MetricRequest;
  /** Significance level for McNemar. Default 0.05. */
  alpha?: number;
}

export interface Comparison {
  bootstrap: PairedBootstrapResult;
  /** Classifiers only. */
  mcnemar: McNemarResult | null;
  verdict: Verdict;
}

function combine(boot: PairedBootstrapResult, mc: McNemarResult | null, options: CompareOptions): Comparison {
  const names = namesOf(options.names);
  const { name, level, low, high, difference } = boot;
  if (mc === null || difference === null || low === null || high === null) return { bootstrap: boot, mcnemar: mc, verdict: boot.verdict };
  const mcText = `McNemar p ${formatP(mc.pValue)} (n = ${formatCount(mc.discordant)} discordant of ${formatCount(mc.rows)})`;
  const accuracyAgrees = name !== 'accuracy' || mc.verdict.winner === boot.verdict.winner;
  const winner = accuracyAgrees ? boot.verdict.winner : null;
  if (winner !== null) {
    const aWins = winner === 'A';
    const d = aWins ? difference : -difference;
    const [lo, hi] = aWins ? [low, high] : [-high, -low];
    return {
      bootstrap: boot,
      mcnemar: mc,
      verdict: {
        winner,
        sentence: `${sentenceStart(aWins ? names.a : names.b)} is better on ${name}: ${formatDifference(name, d)}${boot.higherIsBetter ? '' : ' (lower is better)'}, ${formatInterval(name, level, lo, hi)}, ${mcText}.`,
      },
    };
  }
  const why =
    boot.verdict.winner !== null && !accuracyAgrees
      ? ' (the bootstrap interval excludes 0 but McNemar does not confirm it)'
      : '';
  return {
    bootstrap: boot,
    mcnemar: mc,
    verdict: {
      winner: null,
      sentence: `The difference in ${name} is not distinguishable from noise${why}: ${names.a} minus ${names.b} = ${formatDifference(name, difference)}, ${formatInterval(name, level, low, high)}, ${mcText}.`,
    },
  };
}

function metricOf(a: EvalData, options: CompareOptions): MetricRequest {
  return options.metric ?? (isClassification(a) ? 'accuracy' : 'rmse');
}

function mcnemarOf(a: EvalData, b: EvalData, options: CompareOptions): McNemarResult | null {
  if (!isClassification(a) || !isClassification(b)) return null;
  return mcnemarTest(a as ClassificationData, b as ClassificationData, {
    ...(options.alpha !== undefined ? { alpha: options.alpha } : {}),
    ...(options.names ? { names: options.names } : {}),
  });
}

export async function compareModels(a: EvalData, b: EvalData, options: CompareOptions = {}): Promise<Comparison> {
  const boot = await pairedBootstrap(a, b, metricOf(a, options), options);
  return combine(boot, mcnemarOf(a, b, options), options);
}

export function compareModelsSync(a: EvalData, b: EvalData, options: CompareOptions = {}): Comparison {
  const boot = pairedBootstrapSync(a, b, metricOf(a, options), options);
  return combine(boot, mcnemarOf(a, b, options), options);
}
