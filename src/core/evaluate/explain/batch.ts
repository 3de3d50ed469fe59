/**
 * Batched prediction for explanations: every method builds many modified copies of rows
 * (permuted columns, grid values, coalitions), which would cost one predict call per row if
 * done naively. Here the caller writes rows straight into a reused buffer, a chunk at a time,
 * and each chunk is one predict call. Between chunks the cancel token is checked and, every
 * ~50 ms, the event loop gets a turn so a cancel request can land (a CPU model's predict
 * resolves without ever leaving the microtask queue).
 */
import { benchtopError } from '../../errors.ts';
import { throwIfCancelled, yieldToEventLoop } from '../../jobs.ts';
import type { ExplainModel, ExplainRunOptions } from './types.ts';

const DEFAULT_MAX_BATCH_ROWS = 65_536;
const YIELD_EVERY_MS = 50;

/** Checks cancellation and lets the event loop in now and then; call it between units of work. */
export function pacer(opts: ExplainRunOptions): () => Promise<void> {
  let last = performance.now();
  return async () => {
    throwIfCancelled(opts.cancel);
    const now = performance.now();
    if (now - last >= YIELD_EVERY_MS) {
      await yieldToEventLoop();
      last = performance.now();
      throwIfCancelled(opts.cancel);
    }
  };
}

/** Row budget of one predict call: the option, else the default, at least one row. */
export function batchRows(opts: ExplainRunOptions): number {
  const m = opts.maxBatchRows ?? DEFAULT_MAX_BATCH_ROWS;
  if (!Number.isInteger(m) || m < 1) throw benchtopError('explain_invalid', { field: 'maxBatchRows', reason: `must be an integer >= 1, got ${m}` });
  return m;
}

/**
 * Predicts `total` synthetic rows of width p, a chunk at a time. `fill(start, count, buf)`
 * writes rows start..start+count-1 into buf (row-major, count x p); `consume(start, count,
 * pred)` receives their count x outputs predictions (a view valid only during the call).
 */
export async function forEachPrediction(
  model: ExplainModel,
  total: number,
  fill: (start: number, count: number, buf: Float64Array) => void,
  consume: (start: number, count: number, pred: Float64Array) => void,
  opts: ExplainRunOptions,
  pace: () => Promise<void> = pacer(opts),
): Promise<void> {
  const p = model.features.length;
  const k = model.outputs;
  const chunk = Math.max(1, Math.min(total, batchRows(opts)));
  const buf = new Float64Array(chunk * p);
  for (let start = 0; start < total; start += chunk) {
    await pace();
    const count = Math.min(chunk, total - start);
    const view = count === chunk ? buf : buf.subarray(0, count * p);
    fill(start, count, view);
    const pred = await model.predict(view, count);
    if (pred.length !== count * k)
      throw benchtopError('explain_invalid', { field: 'predict', reason: `returned ${pred.length} values for ${count} rows x ${k} outputs` });
    consume(start, count, pred);
  }
}

/** forEachPrediction that keeps every prediction: total x outputs values. */
export async function predictGenerated(
  model: ExplainModel,
  total: number,
  fill: (start: number, count: number, buf: Float64Array) => void,
  opts: ExplainRunOptions,
  pace: () => Promise<void> = pacer(opts),
): Promise<Float64Array> {
  const k = model.outputs;
  const out = new Float64Array(total * k);
  await forEachPrediction(model, total, fill, (start, _count, pred) => out.set(pred, start * k), opts, pace);
  return out;
}

/** Checks a matrix argument: n x p values for the model's p input columns. */
export function checkMatrix(model: ExplainModel, X: Float64Array, n: number, field = 'X'): void {
  const p = model.features.length;
  if (!Number.isInteger(n) || n < 1) throw benchtopError('explain_invalid', { field, reason: `needs at least one row, got ${n}` });
  if (X.length !== n * p) throw benchtopError('explain_invalid', { field, reason: `holds ${X.length} values, expected ${n} rows x ${p} columns` });
  if (!Number.isInteger(model.outputs) || model.outputs < 1)
    throw benchtopError('explain_invalid', { field: 'model.outputs', reason: `must be an integer >= 1, got ${model.outputs}` });
}
