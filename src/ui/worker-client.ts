/**
 * The UI's one handle on the studio worker. Everything heavy (parsing, training, storage)
 * happens there; the UI only asks and renders what comes back.
 */
import * as Comlink from 'comlink';
import type { StudioApi } from '../../workers/api.ts';
import type { Progress } from '../core/jobs.ts';
import type { TrainEvent } from '../core/train/events.ts';

export type Studio = Comlink.Remote<StudioApi>;

let instance: Studio | undefined;

/** The shared worker proxy, created on first use. */
export function studio(): Studio {
  if (!instance) {
    const worker = new Worker(new URL('../../workers/studio.worker.ts', import.meta.url), {
      type: 'module',
      name: 'benchtop-studio',
    });
    instance = Comlink.wrap<StudioApi>(worker);
  }
  return instance;
}

/** A fresh id for a cancellable job. */
export function newJobId(): string {
  return crypto.randomUUID();
}

/** Wrap a callback so the worker can call it back across the boundary. */
export function progressCallback(fn: (p: Progress) => void): ((p: Progress) => void) & Comlink.ProxyMarked {
  return Comlink.proxy(fn);
}

export function eventCallback(fn: (e: TrainEvent) => void): ((e: TrainEvent) => void) & Comlink.ProxyMarked {
  return Comlink.proxy(fn);
}

export function pointCallback<T>(fn: (p: T) => void): ((p: T) => void) & Comlink.ProxyMarked {
  return Comlink.proxy(fn);
}

/** What the UI shows for a failure: the stable code (when there is one) and the message. */
export interface UiError {
  code: string;
  message: string;
}

/**
 * Normalise anything the worker (or the UI itself) threw. Worker errors arrive as an Error
 * whose name is the stable code (Comlink copies name/message/stack), as an Error with a
 * `code` field, or as a plain `{code, message}` object.
 */
const CODE = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/;

export function toUiError(e: unknown): UiError {
  if (e && typeof e === 'object') {
    const o = e as { code?: unknown; name?: unknown; message?: unknown };
    const message = typeof o.message === 'string' ? o.message : String(e);
    if (typeof o.code === 'string' && o.code) return { code: o.code, message };
    // The studio worker puts the stable code in the Error's name (Comlink carries name + message).
    if (typeof o.name === 'string' && CODE.test(o.name)) return { code: o.name, message };
    // "code: message" already flattened into the message by the sender.
    const m = /^([a-z][a-z0-9_]+): (.+)$/s.exec(message);
    if (m?.[1] && m[2]) return { code: m[1], message: m[2] };
    return { code: 'internal', message };
  }
  return { code: 'internal', message: String(e) };
}

export function formatUiError(err: UiError): string {
  return `${err.code}: ${err.message}`;
}
