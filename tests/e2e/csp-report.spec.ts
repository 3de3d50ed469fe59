import { expect, test } from '@playwright/test';
import { filterCspReports, readCspReports } from './csp-reports.ts';

const PROBE = 'csp-probe';
const isProbe = (r: { 'document-uri'?: string }) => (r['document-uri'] ?? '').includes(PROBE);

test.afterEach(() => {
  // The violation below is deliberate: drop it, so the run's teardown sees only real ones.
  filterCspReports((r) => !isProbe(r));
});

test('the production build is served with its Content-Security-Policy, as a header and a <meta>', async ({ page }) => {
  const response = await page.goto('/');
  const header = response?.headers()['content-security-policy'] ?? '';
  expect(header).toContain("script-src 'self' 'wasm-unsafe-eval'");
  expect(header).toContain("worker-src 'self'");
  expect(header).toContain("frame-ancestors 'none'");
  expect(header).toContain('report-uri /__csp-report');
  const meta = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(meta).toContain("script-src 'self' 'wasm-unsafe-eval'");
  expect(meta).toContain("object-src 'none'");
});

test('an inline script is blocked and reported, so the violation check can fail', async ({ page }) => {
  await page.goto(`/?${PROBE}`);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  const outcome = await page.evaluate(async () => {
    const seen = new Promise<string>((resolve) =>
      document.addEventListener('securitypolicyviolation', (e) => resolve(e.effectiveDirective), { once: true }),
    );
    const script = document.createElement('script');
    script.textContent = 'window.__inlineRan = true;';
    document.head.append(script);
    const directive = await seen;
    return { directive, ran: (window as { __inlineRan?: boolean }).__inlineRan === true };
  });
  expect(outcome.ran).toBe(false);
  expect(outcome.directive).toBe('script-src-elem');
  await expect.poll(() => readCspReports().filter(isProbe).length, { timeout: 10_000 }).toBeGreaterThan(0);
  expect(readCspReports().filter(isProbe)[0]?.['blocked-uri']).toBe('inline');
});

test('the policy allows WebAssembly but no eval, and keeps the page cross-origin isolated', async ({ page }) => {
  const response = await page.goto('/');
  const policy = response?.headers()['content-security-policy'] ?? '';
  expect(policy).not.toContain("'unsafe-eval'");
  expect(policy).not.toContain("'unsafe-inline'");
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  const outcome = await page.evaluate(async () => {
    // The smallest valid module: the magic number and version.
    const wasm = await WebAssembly.compile(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]));
    return { wasm: wasm instanceof WebAssembly.Module, isolated: crossOriginIsolated };
  });
  expect(outcome).toEqual({ wasm: true, isolated: true });
});
