import { isBenchtopError } from '../errors.ts';
import { throwIfCancelled, yieldToEventLoop } from '../jobs.ts';
import type { CancelToken, ProgressFn } from '../jobs.ts';
import type { CheckContext, CheckRule, Finding, Severity } from './types.ts';

const SEVERITY_ORDER: Readonly<Record<Severity, number>> = { error: 0, warning: 1, info: 2 };

/** The code a rule's crash is reported under. */
export const CHECK_FAILED = 'check_failed';

/**
 * Run the rules that fit the context ('target' rules only with ctx.target, 'split' rules only
 * with ctx.split), one at a time with a turn of the event loop between them. A rule that throws
 * becomes a check_failed info finding instead of ending the report (cancellation still ends it).
 * Findings come back sorted by severity, then code; within a code in the rule's own order.
 * Numbers in details that are not finite are dropped, so the result is JSON-safe.
 * Progress phase: 'checks'.
 */
export async function runChecks(
  ctx: CheckContext,
  rules: readonly CheckRule[],
  opts: { cancel?: CancelToken; onProgress?: ProgressFn } = {},
): Promise<Finding[]> {
  const applicable = rules.filter(
    (r) => r.scope === 'dataset' || (r.scope === 'target' && ctx.target !== undefined) || (r.scope === 'split' && ctx.split !== undefined),
  );
  const found: Finding[] = [];
  for (let i = 0; i < applicable.length; i++) {
    const rule = applicable[i] as CheckRule;
    throwIfCancelled(opts.cancel);
    opts.onProgress?.({ phase: 'checks', fraction: i / applicable.length, message: rule.code });
    try {
      for (const f of rule.run(ctx)) found.push(sanitized(f));
    } catch (e) {
      if (opts.cancel?.cancelled || (isBenchtopError(e) && e.code === 'cancelled')) throw e;
      found.push(failed(rule, e));
    }
    await yieldToEventLoop();
  }
  throwIfCancelled(opts.cancel);
  opts.onProgress?.({ phase: 'checks', fraction: 1 });
  const order = found.map((f, i) => ({ f, i }));
  order.sort(
    (p, q) =>
      SEVERITY_ORDER[p.f.severity] - SEVERITY_ORDER[q.f.severity] || (p.f.code < q.f.code ? -1 : p.f.code > q.f.code ? 1 : 0) || p.i - q.i,
  );
  return order.map((o) => o.f);
}

function failed(rule: CheckRule, e: unknown): Finding {
  const reason = e instanceof Error ? e.message : String(e);
  return {
    code: CHECK_FAILED,
    severity: 'info',
    message: `The check "${rule.code}" could not run: ${reason}. The other checks are unaffected.`,
    why: 'A check that fails is reported instead of stopping the whole report.',
    details: { rule: rule.code, reason },
  };
}

function sanitized(f: Finding): Finding {
  if (!f.details) return f;
  const details: Record<string, number | string | boolean> = {};
  for (const [k, v] of Object.entries(f.details)) if (typeof v !== 'number' || Number.isFinite(v)) details[k] = v;
  return { ...f, details };
}
