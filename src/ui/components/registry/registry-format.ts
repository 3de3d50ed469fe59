/** Small helpers of the registry pages: metric text, saving files, the name changes are signed with. */
import type { HeadlineMetric } from '../../../../workers/registry-api.ts';
import { formatCi, formatValue, metricKeyLabel } from '../evaluation/eval-format.ts';

/** "ROC AUC 0.871 [0.842, 0.897]" (95% interval in brackets), or "—". */
export function headlineText(m: HeadlineMetric | null, classes?: readonly string[]): string {
  if (!m) return '—';
  const ci = formatCi(m.ci);
  return `${metricKeyLabel(m.key, classes)} ${formatValue(m.value)}${ci ? ` ${ci}` : ''}`;
}

/** "from v1 to v2", "set to v2", "removed (was v1)". */
export function aliasMoveText(from: number | null, to: number | null): string {
  if (from === null && to !== null) return `set to v${to}`;
  if (to === null) return from === null ? 'unchanged' : `removed (was v${from})`;
  return `v${from} → v${to}`;
}

/** Saves bytes or text as a download (made here: nothing goes over the network). */
export function saveFile(name: string, data: Uint8Array | string, type: string): void {
  const part: BlobPart = typeof data === 'string' ? data : (data as Uint8Array<ArrayBuffer>);
  const url = URL.createObjectURL(new Blob([part], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  // Give the browser a moment to start the download before the URL goes away.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

const ACTOR_KEY = 'benchtop.registry.by';

/** The name registry changes were last signed with in this browser ('' when none). */
export function loadActor(): string {
  try {
    return localStorage.getItem(ACTOR_KEY) ?? '';
  } catch {
    return '';
  }
}

export function saveActor(name: string): void {
  try {
    if (name.trim()) localStorage.setItem(ACTOR_KEY, name.trim());
  } catch {
    // Storage may be off (private mode): the name is simply not remembered.
  }
}

/** A model name the registry accepts, or why not (the worker checks again). */
export function modelNameProblem(name: string): string | null {
  if (name.length === 0) return 'Give the model a name.';
  if (name.length > 64) return 'At most 64 characters.';
  if (!/^[A-Za-z0-9._-]+$/.test(name)) return 'Use letters, digits, dots, underscores or hyphens only.';
  if (/^\.+$/.test(name)) return 'A name of dots only is not allowed.';
  return null;
}

/** An alias name the registry accepts, or why not. */
export function aliasProblem(alias: string): string | null {
  if (alias === 'latest') return '“latest” is reserved: it always means the newest version.';
  if (!/^[a-z][a-z0-9_-]{0,31}$/.test(alias)) return 'Start with a lowercase letter; then up to 31 lowercase letters, digits, “_” or “-”.';
  return null;
}
