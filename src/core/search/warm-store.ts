/**
 * ASHA warm starts: the training states a trial's folds left on a lower rung, kept in the
 * thread (or trial worker) that trained them, so a promotion adds epochs or boosting rounds
 * instead of training again from scratch. gbdt (boosting rounds) and the networks (mlp,
 * logistic: epochs) can resume; every other model ignores its slot and retrains, which gives
 * the same score, only slower.
 *
 * Memory is bounded: the store holds at most `maxBytes` (by each state's own estimate) and
 * `maxEntries` states, evicting the least recently stored first. A state is taken out when
 * its trial is promoted and not stored again on the top rung, so what remains are the states
 * of trials not (yet) promoted; ASHA can promote a trial late, so they are only dropped by
 * eviction or when the search ends (release). An evicted state costs a retrain, never a
 * different score.
 */
import type { WarmSlot } from '../models/types.ts';

interface Entry {
  state: unknown;
  bytes: number;
  dispose: (() => void) | undefined;
}

export interface WarmStoreOptions {
  maxBytes?: number;
  maxEntries?: number;
}

export const DEFAULT_WARM_BYTES = 256 * 1024 * 1024;

export class WarmStore {
  readonly maxBytes: number;
  readonly maxEntries: number;
  /** Insertion order is eviction order (a Map iterates in insertion order). */
  readonly #entries = new Map<string, Entry>();
  #bytes = 0;

  constructor(o: WarmStoreOptions = {}) {
    this.maxBytes = o.maxBytes ?? DEFAULT_WARM_BYTES;
    this.maxEntries = o.maxEntries ?? 4096;
  }

  get size(): number {
    return this.#entries.size;
  }

  get bytes(): number {
    return this.#bytes;
  }

  has(key: string): boolean {
    return this.#entries.has(key);
  }

  /** The slot a fit uses for `key` (a trial and fold); with `keep` false it can take a state but stores none (the top rung). */
  slot(key: string, keep: boolean): WarmSlot {
    return {
      take: () => this.take(key),
      put: (state, bytes, dispose) => keep && this.put(key, state, bytes, dispose),
    };
  }

  take(key: string): unknown {
    const e = this.#entries.get(key);
    if (!e) return undefined;
    this.#entries.delete(key);
    this.#bytes -= e.bytes;
    return e.state;
  }

  /** Stores a state unless it alone is over the budget; evicts the oldest states to make room. */
  put(key: string, state: unknown, bytes: number, dispose?: () => void): boolean {
    this.delete(key);
    if (bytes > this.maxBytes || this.maxEntries < 1) return false;
    while (this.#entries.size > 0 && (this.#bytes + bytes > this.maxBytes || this.#entries.size + 1 > this.maxEntries)) {
      this.delete(this.#entries.keys().next().value!);
    }
    this.#entries.set(key, { state, bytes, dispose });
    this.#bytes += bytes;
    return true;
  }

  delete(key: string): void {
    const e = this.#entries.get(key);
    if (!e) return;
    this.#entries.delete(key);
    this.#bytes -= e.bytes;
    e.dispose?.();
  }

  /** Drops every state whose key starts with `prefix` (one trial's folds), or all of them. */
  release(prefix = ''): void {
    for (const key of [...this.#entries.keys()]) if (key.startsWith(prefix)) this.delete(key);
  }
}
