import { expect, test, type Page } from '@playwright/test';
import fs from 'node:fs';
import { deflateSync } from 'fflate';
import { chooseTarget, fixture, openPenguins, screenshot, watchPageErrors } from './helpers.ts';
import { toBase64url } from '../../src/core/share/base64url.ts';
import { decodeShareLink } from '../../src/core/share/decode-share-link.ts';
import { encodeShareLink } from '../../src/core/share/encode-share-link.ts';

/** A hand-made link payload: any JSON, deflated and encoded as a real link is. */
const craft = (json: string): string => 'b1.' + toBase64url(deflateSync(new TextEncoder().encode(json)));

async function expectUsable(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Datasets' }).click();
  await expect(page.getByRole('button', { name: 'Open Palmer penguins' })).toBeVisible();
}

test('a run\'s link opens elsewhere, shows what will run, and reproduces its metrics exactly', async ({ page, browser, baseURL }) => {
  const errors = watchPageErrors(page);
  await openPenguins(page);
  await chooseTarget(page, 'Species', 'multiclass');
  await page.getByLabel('Model', { exact: true }).selectOption('gbdt');
  await page.getByLabel('Rounds', { exact: true }).fill('5');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await page.getByRole('link', { name: /Open evaluation/ }).click({ timeout: 150_000 });
  await expect(page.getByRole('heading', { level: 1, name: /Evaluation: gbdt predicting/ })).toBeVisible();

  await page.getByRole('button', { name: 'Copy link' }).click();
  const field = page.getByLabel('Shareable link');
  await expect(field).toHaveValue(/#\/link\/b1\.[A-Za-z0-9_-]+$/);
  const url = await field.inputValue();
  expect(url.startsWith(baseURL!)).toBe(true);
  await expect(page.getByText(/Opens with the bundled sample/)).toBeVisible();
  await screenshot(page, 'share-run-link');
  const link = decodeShareLink(url);
  // Kept with the test's output: `benchtop run --link "$(cat link.txt)"` replays it in Node.
  fs.writeFileSync(test.info().outputPath('link.txt'), url);
  expect(link.source).toEqual({ kind: 'sample', id: 'penguins' });
  expect(link.expected?.metrics.accuracy).toBeGreaterThan(0.5);

  // A fresh browser profile: no datasets, no runs.
  const other = await browser.newContext();
  const opener = await other.newPage();
  const openerErrors = watchPageErrors(opener);
  await opener.goto(url);
  await expect(opener.getByRole('heading', { level: 1, name: 'Open shared experiment' })).toBeVisible();
  const summary = opener.locator('dl.summary');
  await expect(summary).toContainText('bundled sample “Palmer penguins”');
  await expect(summary).toContainText('“Species” · multiclass');
  await expect(summary).toContainText('gbdt');
  await expect(summary).toContainText('rounds 5');
  await expect(summary.locator('div').filter({ has: opener.locator('dt', { hasText: 'Seed' }) }).locator('dd')).toHaveText(String(link.spec.seed));
  await expect(summary).toContainText(link.expected!.backend);
  // Nothing has run: no dataset or run was stored by opening the link.
  expect(await opener.evaluate(() => document.querySelector('[data-testid="reproduction-verdict"]'))).toBeNull();
  await screenshot(opener, 'share-open-review');

  await opener.getByRole('button', { name: 'Run experiment' }).click();
  const verdict = opener.getByTestId('reproduction-verdict');
  await expect(verdict).toBeVisible({ timeout: 150_000 });
  await expect(verdict).toContainText('Reproduced: every metric is identical (same backend');
  for (const name of Object.keys(link.expected!.metrics)) await expect(opener.getByRole('row', { name: new RegExp(`^${name}\\b`) })).toContainText('identical');
  await screenshot(opener, 'share-open-reproduced');
  await opener.getByRole('link', { name: 'Open the new run' }).click();
  await expect(opener.getByRole('heading', { level: 1, name: /Evaluation: gbdt predicting/ })).toBeVisible();

  // The same experiment as a local-file link: a different file is refused, with its message.
  const fileLink = encodeShareLink({ ...link, source: { kind: 'file' } });
  await opener.goto(`${baseURL}/#/link/${fileLink}`);
  await expect(opener.getByText(/you will be asked for it/)).toBeVisible();
  await expect(opener.getByRole('button', { name: 'Run experiment' })).toBeDisabled();
  await opener.getByLabel(/The data file/).setInputFiles(fixture('pets.csv'));
  await opener.getByRole('button', { name: 'Run experiment' }).click();
  await expect(opener.getByRole('alert')).toContainText('link_data_mismatch');
  await expect(opener.getByRole('alert')).toContainText('is not the data this experiment was run on');
  await screenshot(opener, 'share-open-wrong-file');

  // A too-long experiment travels as a JSON file; #/link/ opens it and shows the same review.
  await opener.goto(`${baseURL}/#/link/`);
  await expect(opener.getByRole('alert')).toHaveCount(0);
  const specFile = opener.getByLabel('Shared experiment file (.json)');
  await specFile.setInputFiles({ name: 'experiment.json', mimeType: 'application/json', buffer: Buffer.from('{"format": 1, "spec": ') });
  await expect(opener.getByRole('alert')).toContainText('link_corrupt');
  await specFile.setInputFiles({ name: 'experiment.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(link, null, 2)) });
  await expect(opener.locator('dl.summary')).toContainText('“Species” · multiclass');
  await expect(opener.getByRole('button', { name: 'Run experiment' })).toBeEnabled();
  await screenshot(opener, 'share-open-file');

  expect(errors).toEqual([]);
  expect(openerErrors).toEqual([]);
  await other.close();
});

test('hostile links show a coded error and the studio stays usable', async ({ page, baseURL }) => {
  const errors = watchPageErrors(page);
  await page.goto(`${baseURL}/#/link/this-is-not-a-link`);
  await expect(page.getByRole('heading', { level: 1, name: 'Open shared experiment' })).toBeVisible();
  await expect(page.getByRole('alert')).toContainText('link_corrupt');
  await expect(page.getByRole('button', { name: 'Run experiment' })).toHaveCount(0);
  await screenshot(page, 'share-hostile-garbage');

  const proto = craft('{"format":1,"__proto__":{"polluted":true},"spec":{"version":1,"target":"x"},"source":{"kind":"file"},"contract":[]}');
  await page.goto(`${baseURL}/#/link/${proto}`);
  await expect(page.getByRole('alert')).toContainText('link_invalid');
  await expect(page.getByRole('alert')).toContainText('"__proto__" is not allowed');
  expect(await page.evaluate(() => (Object.prototype as Record<string, unknown>).polluted ?? null)).toBeNull();
  await screenshot(page, 'share-hostile-proto');

  await page.goto(`${baseURL}/#/link/b9.AAAA`);
  await expect(page.getByRole('alert')).toContainText('link_version_unsupported');
  await expectUsable(page);
  expect(errors).toEqual([]);
});
