import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import path from 'node:path';
import { SCREENSHOTS, chooseTarget, configureMlp, nav, openHome, openPenguins, screenshot, trainingRegion, watchPageErrors } from './helpers.ts';

/** Wait until the service worker controls the page and has cached the whole build; the cached paths. */
async function waitForOfflineCache(page: Page): Promise<string[]> {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 60_000 });
  return page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    const names = (await caches.keys()).filter((n) => n.startsWith('benchtop-precache-'));
    const paths: string[] = [];
    for (const name of names) for (const req of await (await caches.open(name)).keys()) paths.push(new URL(req.url).pathname);
    return paths;
  });
}

async function trainQuickMlp(page: Page, backend: string): Promise<void> {
  await chooseTarget(page, 'Species', 'multiclass');
  await configureMlp(page, { epochs: 3, backend });
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(trainingRegion(page)).toContainText('Status: done', { timeout: 150_000 });
}

async function goOffline(context: BrowserContext, page: Page): Promise<void> {
  await context.setOffline(true);
  expect(await page.evaluate(() => navigator.onLine)).toBe(false);
}

test('after one online visit the studio, its datasets and runs work offline', async ({ page, context }) => {
  const errors = watchPageErrors(page);
  await openHome(page);
  const cached = await waitForOfflineCache(page);
  await expect(page.getByRole('contentinfo')).toContainText('It works offline too.');
  // Every kind of file the studio needs: shell, manifest, workers, TF.js and parquet wasm, samples.
  for (const expected of [/^\/index\.html$/, /^\/manifest\.webmanifest$/, /^\/assets\/studio\.worker-.*\.js$/, /^\/assets\/search-trial\.worker-.*\.js$/, /^\/assets\/gbdt-histogram\.worker-.*\.js$/, /^\/assets\/tfjs-backend-wasm-simd-.*\.wasm$/, /^\/assets\/parquet_wasm_bg-.*\.wasm$/, /^\/static\/samples\/index\.json$/, /^\/static\/samples\/seattle-weather\.csv$/, /^\/icon-512\.png$/])
    expect(cached.some((p) => expected.test(p)), `${expected} is cached`).toBe(true);

  await openPenguins(page);
  await trainQuickMlp(page, 'cpu');

  await goOffline(context, page);
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  // Cached responses keep (or get back) COOP/COEP: the tree-training pool still shares memory.
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  await expect(page.getByRole('heading', { level: 1, name: 'Palmer penguins' })).toBeVisible();

  await nav(page).getByRole('link', { name: 'Runs' }).click();
  const row = page.getByRole('row').filter({ hasText: 'Palmer penguins' });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('done');

  // Train again offline on the wasm backend: its binary can only come from the cache now.
  await nav(page).getByRole('link', { name: 'Datasets' }).click();
  await page.getByRole('link', { name: 'Palmer penguins' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Palmer penguins' })).toBeVisible();
  await trainQuickMlp(page, 'wasm');
  await expect(trainingRegion(page)).toContainText('wasm');

  // A sample never opened online still opens: the samples are part of the cache.
  await openHome(page);
  await page.getByRole('button', { name: 'Open Seattle weather' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Seattle weather' })).toBeVisible();
  await expect(page.getByRole('grid')).toHaveAttribute('aria-rowcount', '1462');
  await screenshot(page, 'offline-sample');

  // Parquet decoding needs its wasm binary, fetched only now: from the cache too.
  await openHome(page);
  await page.getByLabel('Import data', { exact: true }).setInputFiles(path.resolve('tests', 'fixtures', 'parquet', 'types-snappy.parquet'));
  await expect(page.getByRole('heading', { level: 1, name: 'types-snappy.parquet' })).toBeVisible();

  await nav(page).getByRole('link', { name: 'Runs' }).click();
  await expect(page.getByRole('row').filter({ hasText: 'Palmer penguins' })).toHaveCount(2);
  expect(errors).toEqual([]);
});

/**
 * Deploy a "new version": the preview server (vite.config.ts) then serves the service worker under
 * another version id, which is what a new build changes in it (its list of file hashes).
 */
async function deployNewVersion(context: BrowserContext, baseURL: string): Promise<void> {
  await context.addCookies([{ name: 'benchtop-next-build', value: 'next', url: baseURL }]);
}

test('a new version is announced and applied only when the user accepts, never during a training', async ({ page, context, baseURL }) => {
  const errors = watchPageErrors(page);
  await openPenguins(page);
  await waitForOfflineCache(page);
  const before = await page.evaluate(() => caches.keys());

  await deployNewVersion(context, baseURL!);
  await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
  const prompt = page.getByRole('status', { name: 'Update' });
  await expect(prompt).toContainText('A new version is ready.');
  const reload = prompt.getByRole('button', { name: 'Reload' });
  await expect(reload).toBeEnabled();

  // A training is running: the update waits, and says why.
  await chooseTarget(page, 'Species', 'multiclass');
  await configureMlp(page, { epochs: 2000, backend: 'cpu' });
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(reload).toBeDisabled();
  await expect(prompt).toContainText('It will wait until your training finishes');
  await screenshot(page, 'update-prompt-busy');
  await prompt.screenshot({ path: path.join(SCREENSHOTS, 'update-prompt-busy-close.png') });
  // The waiting version has not taken over: the page still runs the version it loaded with.
  expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.waiting !== null)).toBe(true);

  const cancel = page.getByRole('button', { name: 'Cancel', exact: true });
  await expect(cancel).toBeEnabled({ timeout: 60_000 });
  await cancel.click();
  await expect(trainingRegion(page)).toContainText('Status: cancelled', { timeout: 15_000 });
  await expect(reload).toBeEnabled();
  await expect(prompt).not.toContainText('It will wait');
  await screenshot(page, 'update-prompt');
  await prompt.screenshot({ path: path.join(SCREENSHOTS, 'update-prompt-close.png') });

  await Promise.all([page.waitForEvent('load'), reload.click()]);
  await expect(page.getByRole('heading', { level: 1, name: 'Palmer penguins' })).toBeVisible();
  await expect(page.getByRole('status', { name: 'Update' })).toHaveCount(0);
  const after = await page.evaluate(async () => {
    const reg = await navigator.serviceWorker.getRegistration();
    return { waiting: reg?.waiting ?? null, caches: await caches.keys() };
  });
  expect(after.waiting).toBeNull();
  const added = after.caches.filter((c) => !before.includes(c));
  expect(added).toHaveLength(1);
  expect(added[0]).toMatch(/^benchtop-precache-[0-9a-f]+next$/);
  expect(errors).toEqual([]);
});
