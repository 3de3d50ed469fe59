import { expect, test, type Page } from '@playwright/test';
import { zipSync } from 'fflate';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chooseTarget, nav, openHome, trainingRegion, watchPageErrors } from './helpers.ts';

/** Screenshots to look at (not committed). */
const SHOTS = '/tmp/shots';

/** A deterministic binary dataset: age, segment and tenure drive "buy" through a logistic link, with noise. */
function customersCsv(rows = 240): string {
  let s = 777;
  const rand = (): number => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 2 ** 32;
  };
  const lines = ['age,segment,tenure,outcome'];
  for (let i = 0; i < rows; i++) {
    const age = 18 + Math.floor(rand() * 60);
    const segment = ['A', 'B', 'C'][Math.floor(rand() * 3)] as string;
    const tenure = Math.floor(rand() * 20);
    const z = -2.6 + 0.06 * (age - 18) + (segment === 'A' ? 1.2 : segment === 'C' ? -0.8 : 0) + 0.08 * tenure + (rand() - 0.5) * 1.5;
    lines.push(`${age},${segment},${tenure},${rand() < 1 / (1 + Math.exp(-z)) ? 'buy' : 'browse'}`);
  }
  return `${lines.join('\n')}\n`;
}

const CSV = customersCsv();
const csvFile = (name = 'customers.csv') => ({ name, mimeType: 'text/csv', buffer: Buffer.from(CSV) });

async function noHorizontalOverflow(page: Page): Promise<void> {
  const { scroll, client, wide } = await page.evaluate(() => {
    const client = document.documentElement.clientWidth;
    // Name the elements that stick out, so a failure says where to look.
    const wide = Array.from(document.querySelectorAll('body *'))
      .filter((el) => el.getBoundingClientRect().right > client + 1 && !el.parentElement?.closest('.table-wrap, .scroll') && !el.closest('.visually-hidden'))
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}.${Array.from(el.classList).join('.')}`);
    return { scroll: document.documentElement.scrollWidth, client, wide };
  });
  expect(wide).toEqual([]);
  expect(scroll).toBeLessThanOrEqual(client);
}

async function shoot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

/** Train the model chosen by `configure` on the open dataset page; returns the new run's evaluation URL. */
async function train(page: Page, configure: () => Promise<void>, previous?: string): Promise<string> {
  await configure();
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  const open = trainingRegion(page).getByRole('link', { name: /Open evaluation/ });
  await expect(open).toBeVisible({ timeout: 150_000 });
  if (previous) await expect(open).not.toHaveAttribute('href', previous.slice(previous.indexOf('#')), { timeout: 150_000 });
  const href = (await open.getAttribute('href'))!;
  return new URL(href, page.url()).toString();
}

/** Open a run's evaluation and register its model under `name` from the Overview's dialog. */
async function register(page: Page, runUrl: string, name: string, note: string, shot?: string): Promise<string> {
  await page.goto(runUrl);
  const button = page.getByRole('button', { name: 'Register model…' });
  await expect(button).toBeVisible({ timeout: 120_000 });
  await button.click();
  const dialog = page.getByRole('dialog', { name: 'Register this run’s model' });
  await expect(dialog.getByLabel('Model name')).toBeFocused();
  await dialog.getByLabel('Model name').fill(name);
  await dialog.getByLabel('Note (optional)').fill(note);
  if (shot) await page.screenshot({ path: `${SHOTS}/${shot}.png` });
  await dialog.getByRole('button', { name: 'Register', exact: true }).click();
  const done = dialog.getByText(/Registered as/);
  await expect(done).toBeVisible();
  const id = (await done.locator('strong').textContent())!;
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
  // Focus goes back to the button that opened the dialog.
  await expect(button).toBeFocused();
  return id;
}

async function aliasMove(page: Page, action: 'Point at version' | 'Roll back the last move', why: string, version?: string): Promise<void> {
  const form = page.getByRole('form', { name: 'Change an alias' });
  await form.getByLabel('Alias', { exact: true }).fill('champion');
  await form.getByLabel(action).check();
  if (version) await form.getByLabel('Version', { exact: true }).selectOption(version.slice(1));
  await form.getByLabel('Why (required)').fill(why);
  await form.getByRole('button', { name: action === 'Point at version' ? `Point champion at ${version}` : 'Roll back champion' }).click();
  await expect(form.getByRole('status')).toHaveText(action === 'Point at version' ? `“champion” now points at ${version}.` : 'Rolled back “champion”.');
}

/** Score the CSV on the open version page and download the predictions; returns the CSV text. */
async function scoreAndDownload(page: Page): Promise<string> {
  const panel = page.getByRole('form', { name: 'Score a file' });
  await panel.getByLabel(/Data to score/).setInputFiles(csvFile('to-score.csv'));
  await panel.getByRole('button', { name: 'Score', exact: true }).click();
  await expect(page.getByTestId('predictions-preview')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByRole('heading', { name: /Predictions for to-score\.csv: 240 rows/ })).toBeVisible();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download predictions (CSV)' }).click()]);
  return fs.readFileSync((await download.path())!, 'utf8');
}

test('model registry: register two runs, move and roll back an alias, edit the card, export, import and score identically', async ({ page }) => {
  test.setTimeout(600_000);
  const errors = watchPageErrors(page);

  // Two quick real runs on one small dataset.
  await openHome(page);
  await page.getByLabel('Import data', { exact: true }).setInputFiles(csvFile());
  await expect(page.getByRole('heading', { level: 1, name: 'customers.csv' })).toBeVisible();
  const datasetUrl = page.url();
  await chooseTarget(page, 'outcome', 'binary');
  const run1 = await train(page, async () => {
    await page.getByLabel('Model', { exact: true }).selectOption('naive-bayes');
  });
  const run2 = await train(
    page,
    async () => {
      await page.getByLabel('Model', { exact: true }).selectOption('gbdt');
      await page.getByLabel('Rounds', { exact: true }).fill('12');
    },
    run1,
  );

  // Register both as versions of one model.
  fs.mkdirSync(SHOTS, { recursive: true });
  expect(await register(page, run1, 'churn', 'naive Bayes baseline model', 'register-dialog')).toBe('churn@1');
  expect(await register(page, run2, 'churn', 'boosted trees')).toBe('churn@2');

  // The models list, then the model page.
  await nav(page).getByRole('link', { name: 'Models' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Models' })).toBeVisible();
  await page.getByRole('link', { name: 'churn', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'churn' })).toBeVisible();
  const versions = page.getByRole('region', { name: 'Versions' });
  await expect(versions.getByRole('row')).toHaveCount(3);
  await expect(versions.getByRole('row').nth(1)).toContainText('v2');
  await expect(versions.getByRole('row').nth(1)).toContainText(/ROC AUC \d\.\d{3} \[\d\.\d{3}, \d\.\d{3}\]/);

  // champion: v1, then v2, then roll back to v1; every move logged with its reason.
  const form = page.getByRole('form', { name: 'Change an alias' });
  await form.getByLabel('Why (required)').fill('');
  await form.getByRole('button', { name: /Point champion at/ }).click();
  await expect(form.getByText('Say why: every alias move is logged with its reason.')).toBeVisible();
  await aliasMove(page, 'Point at version', 'first model worth serving', 'v1');
  await aliasMove(page, 'Point at version', 'trees look better offline', 'v2');
  await expect(versions.locator('[data-alias="champion"]')).toHaveCount(1);
  await expect(versions.getByRole('row').nth(1).locator('[data-alias="champion"]')).toBeVisible();
  await aliasMove(page, 'Roll back the last move', 'trees regressed on live traffic');
  await expect(versions.getByRole('row').nth(2).locator('[data-alias="champion"]')).toBeVisible();
  const log = page.getByTestId('alias-log');
  await expect(log.getByRole('row')).toHaveCount(4);
  await expect(log.getByRole('row').nth(1)).toContainText('v2 → v1');
  await expect(log.getByRole('row').nth(1)).toContainText('trees regressed on live traffic');
  await expect(log.getByRole('row').nth(2)).toContainText('v1 → v2');
  await expect(log.getByRole('row').nth(3)).toContainText('set to v1');
  await shoot(page, 'model-page');

  // The version page: lineage, card, two edits of one section -> revision 2.
  await versions.getByRole('link', { name: 'v1', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: /churn v1/ })).toBeVisible();
  const lineage = page.getByRole('group', { name: /Lineage graph: 5 steps/ });
  await expect(lineage.getByRole('button')).toHaveCount(5);
  await lineage.getByRole('button').first().focus();
  await page.keyboard.press('ArrowRight');
  await expect(lineage.getByRole('button', { name: /Data contract/ })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('lineage-detail')).toContainText(/required\), \d+-\d+ rows; made from customers\.csv/);
  const card = page.getByRole('article', { name: 'Model card of churn@1' });
  await expect(card.getByRole('heading', { name: 'churn (version 1)' })).toBeVisible();
  await expect(card.getByRole('heading', { name: 'Metrics', exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Edit text…' }).click();
  const editor = page.getByRole('form', { name: 'Edit the card’s text' });
  await editor.getByLabel('Limitations').fill('Trained on 240 synthetic customers: <b>not</b> real data.');
  await editor.getByLabel('What changed (optional)').fill('scope');
  await editor.getByRole('button', { name: 'Save as a new revision' }).click();
  await expect(editor.getByRole('status')).toHaveText('Saved as revision 1.');
  await editor.getByLabel('Limitations').fill('Trained on 240 synthetic customers only; <b>not</b> tested on real data.');
  await editor.getByRole('button', { name: 'Save as a new revision' }).click();
  await expect(editor.getByRole('status')).toHaveText('Saved as revision 2.');
  await expect(page.getByTestId('card-revisions').getByRole('row')).toHaveCount(3);
  // Text from people is shown as text: no element comes out of "<b>".
  await expect(card).toContainText('Trained on 240 synthetic customers only; <b>not</b> tested on real data.');
  await expect(card.locator('b')).toHaveCount(0);
  await shoot(page, 'version-page');

  // Naive Bayes has no ONNX form: the button says so instead of failing.
  await expect(page.getByRole('button', { name: 'Download ONNX' })).toBeDisabled();
  await expect(page.getByText(/ONNX export covers .* models, not naive-bayes/)).toBeVisible();

  // Download the bundle, score the CSV with v1.
  const [bundleDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download bundle (.zip)' }).click()]);
  expect(bundleDownload.suggestedFilename()).toBe('churn-v1.zip');
  const bundlePath = path.join(os.tmpdir(), `registry-e2e-${Date.now()}.zip`);
  await bundleDownload.saveAs(bundlePath);
  const originalCsv = await scoreAndDownload(page);
  expect(originalCsv.split('\n')[0]).toMatch(/^row,prediction,p\((browse|buy)\),p\((browse|buy)\)$/);
  expect(originalCsv.trim().split('\n')).toHaveLength(241);

  // Import the bundle as a new model; its version scores exactly as the original.
  await nav(page).getByRole('link', { name: 'Models' }).click();
  const importer = page.getByRole('form', { name: 'Import a model bundle' });
  await importer.getByLabel('Register as (optional)').fill('churn-imported');
  await importer.getByLabel('Bundle file').setInputFiles(bundlePath);
  await importer.getByRole('button', { name: 'Import bundle' }).click();
  await expect(importer.getByRole('status')).toContainText('Imported as churn-imported@1 (exported as churn@1)');
  await importer.getByRole('link', { name: 'Open version 1' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /churn-imported v1/ })).toBeVisible();
  await expect(page.getByRole('group', { name: /Lineage graph: 6 steps/ })).toBeVisible();
  await expect(page.getByRole('article', { name: 'Model card of churn-imported@1' })).toBeVisible();
  const importedCsv = await scoreAndDownload(page);
  await shoot(page, 'imported-version-page');
  expect(importedCsv).toBe(originalCsv);

  // A hostile zip: refused with a coded error, and the page stays usable.
  await nav(page).getByRole('link', { name: 'Models' }).click();
  const evil = zipSync({ '../../etc/evil.sh': new TextEncoder().encode('echo owned'), 'manifest.json': new TextEncoder().encode('{"format":"x"}') });
  await importer.getByLabel('Bundle file').setInputFiles({ name: 'evil.zip', mimeType: 'application/zip', buffer: Buffer.from(evil) });
  await importer.getByRole('button', { name: 'Import bundle' }).click();
  await expect(importer.getByRole('alert')).toContainText('bundle_invalid');
  await expect(page.getByRole('region', { name: 'Registered models' }).getByRole('row')).toHaveCount(3);
  await shoot(page, 'models-list');

  // The trees version has an ONNX form.
  await page.goto(new URL('#/models/churn/v2', page.url()).toString());
  await expect(page.getByRole('heading', { level: 1, name: /churn v2/ })).toBeVisible();
  const [onnx] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download ONNX' }).click()]);
  expect(onnx.suggestedFilename()).toBe('churn-v2.onnx');
  expect(fs.statSync((await onnx.path())!).size).toBeGreaterThan(500);
  await expect(page.getByRole('status').filter({ hasText: 'Downloaded churn-v2.onnx' })).toBeVisible();

  await page.goto(datasetUrl);
  await expect(page.getByRole('heading', { level: 1, name: 'customers.csv' })).toBeVisible();

  // At phone width nothing sticks out sideways (tables and the graph scroll in their own boxes).
  await page.setViewportSize({ width: 390, height: 844 });
  for (const [hash, shot] of [
    ['#/models/churn', 'model-page-phone'],
    ['#/models/churn/v1', 'version-page-phone'],
  ] as const) {
    await page.goto(new URL(hash, page.url()).toString());
    await expect(page.getByRole('heading', { level: 1, name: /churn/ })).toBeVisible();
    await expect(page.getByRole('heading', { name: /^(Alias history|Model card)$/ })).toBeVisible();
    await noHorizontalOverflow(page);
    await shoot(page, shot);
  }

  fs.rmSync(bundlePath, { force: true });
  expect(errors).toEqual([]);
});
