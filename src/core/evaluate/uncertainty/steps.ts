import { throwIfCancelled, yieldToEventLoop, type CancelToken } from '../../jobs.ts';

/**
 * Heavy loops here are written once as generators that yield every few dozen units of work;
 * these run them either straight through (tests, the CLI, nested use) or letting the event loop
 * in at each yield so a cancel request can land (the worker).
 */
export function runSteps<T>(steps: Generator<void, T>, cancel?: CancelToken): T {
  for (;;) {
    throwIfCancelled(cancel);
    const r = steps.next();
    if (r.done) return r.value;
  }
}

export async function runStepsAsync<T>(steps: Generator<void, T>, cancel?: CancelToken): Promise<T> {
  for (;;) {
    throwIfCancelled(cancel);
    const r = steps.next();
    if (r.done) return r.value;
    await yieldToEventLoop();
  }
}

/** How many resamples run between yields: ~50 keeps a 10k-row resample loop responsive. */
export const RESAMPLES_PER_STEP = 50;
