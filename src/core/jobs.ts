/**
 * What long work takes: a cancel token it checks between units of work (rows, batches),
 * and a progress callback. The worker passes a proxied callback; the CLI passes a printer.
 */
import { benchtopError, type BenchtopError } from './errors.ts';

export interface CancelToken {
  readonly cancelled: boolean;
  /** Why the work was stopped when it was not the user (a lost GPU device); absent for a plain cancel. */
  readonly reason?: BenchtopError;
}

export class CancelSource implements CancelToken {
  #cancelled = false;
  #reason: BenchtopError | undefined;
  get cancelled(): boolean {
    return this.#cancelled;
  }
  get reason(): BenchtopError | undefined {
    return this.#reason;
  }
  /** Stop the work; with a reason the work fails with that error instead of ending as cancelled. */
  cancel(reason?: BenchtopError): void {
    this.#cancelled = true;
    this.#reason ??= reason;
  }
}

export const neverCancelled: CancelToken = { cancelled: false };

export function throwIfCancelled(token: CancelToken | undefined): void {
  if (token?.cancelled) throw token.reason ?? benchtopError('cancelled');
}

export interface Progress {
  /** Short machine name of the phase: 'parse', 'infer', 'train', 'evaluate', ... */
  phase: string;
  /** 0..1 within the phase, or -1 when unknown. */
  fraction: number;
  message?: string;
}

export type ProgressFn = (p: Progress) => void;

/**
 * Let queued messages (a cancel request) and rendering in; cheaper than setTimeout(0),
 * which browsers clamp to 4 ms after nesting.
 */
export function yieldToEventLoop(): Promise<void> {
  const g = globalThis as { setImmediate?: (cb: () => void) => void };
  if (typeof g.setImmediate === 'function') {
    const si = g.setImmediate;
    return new Promise((resolve) => si(resolve));
  }
  if (typeof MessageChannel !== 'undefined') {
    return new Promise((resolve) => {
      const ch = new MessageChannel();
      ch.port1.onmessage = () => {
        ch.port1.close();
        resolve();
      };
      ch.port2.postMessage(null);
    });
  }
  return new Promise((resolve) => setTimeout(resolve, 0));
}
