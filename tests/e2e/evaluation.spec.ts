import { expect, test, type Page } from '@playwright/test';
import fs from 'node:fs';
import { chooseTarget, openHome, trainingRegion, watchPageErrors } from './helpers.ts';

/** Screenshots to look at (not committed): the main tabs at desktop and phone widths. */
const SHOTS = '/tmp/eval-shots';

/**
 * A binary dataset made here, deterministic: a customer's age, income band, segment and tenure
 * drive the chance of "buy" through a logistic link, with noise, so the model is good but not perfect.
 */
function binaryCsv(rows = 500): string {
  let s = 12345;
  const rand = (): number => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 2 ** 32;
  };
  const lines = ['age,income,segment,tenure,outcome'];
  for (let i = 0; i < rows; i++) {
    const age = 18 + Math.floor(rand() * 60);
    const income = Math.round((20 + rand() * 80) * 10) / 10;
    const segment = ['A', 'B', 'C'][Math.floor(rand() * 3)] as string;
    const tenure = Math.floor(rand() * 20);
    const z = -3.4 + 0.07 * (age - 18) + (segment === 'A' ? 1.4 : segment === 'C' ? -0.9 : 0) + 0.09 * tenure + (rand() - 0.5) * 1.5;
    const outcome = rand() < 1 / (1 + Math.exp(-z)) ? 'buy' : 'browse';
    lines.push(`${age},${income},${segment},${tenure},${outcome}`);
  }
  return `${lines.join('\n')}\n`;
}

async function shoot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

function tab(page: Page, name: string) {
  return page.getByRole('tablist', { name: 'Evaluation sections' }).getByRole('tab', { name, exact: true });
}

async function openTab(page: Page, name: string): Promise<void> {
  await tab(page, name).click();
  await expect(tab(page, name)).toHaveAttribute('aria-selected', 'true');
}

async function noHorizontalOverflow(page: Page): Promise<void> {
  const { scroll, client, wide } = await page.evaluate(() => {
    const client = document.documentElement.clientWidth;
    // Name the elements that stick out, so a failure says where to look.
    const wide = Array.from(document.querySelectorAll('body *'))
      .filter((el) => el.getBoundingClientRect().right > client + 1 && !el.parentElement?.closest('.table-wrap, [role="tablist"]') && !el.closest('.visually-hidden'))
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}.${Array.from(el.classList).join('.')}`);
    return { scroll: document.documentElement.scrollWidth, client, wide };
  });
  expect(wide).toEqual([]);
  expect(scroll).toBeLessThanOrEqual(client);
}

test('evaluation page: curves, confusion rows, threshold, notes and permutation importance of a binary classifier', async ({ page }) => {
  test.setTimeout(300_000);
  const errors = watchPageErrors(page);

  // Import the dataset and train a quick model (naive Bayes: no epochs, no GPU work).
  await openHome(page);
  await page.getByLabel('Import data', { exact: true }).setInputFiles({ name: 'customers.csv', mimeType: 'text/csv', buffer: Buffer.from(binaryCsv()) });
  await expect(page.getByRole('heading', { level: 1, name: 'customers.csv' })).toBeVisible();
  await chooseTarget(page, 'outcome', 'binary');
  await page.getByLabel('Model', { exact: true }).selectOption('naive-bayes');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  const open = trainingRegion(page).getByRole('link', { name: /Open evaluation/ });
  await expect(open).toBeVisible({ timeout: 120_000 });
  await open.click();
  await expect(page).toHaveURL(/#\/runs\/[^/]+$/);
  const runUrl = page.url();
  await expect(page.getByRole('heading', { level: 1, name: /Evaluation: naive-bayes predicting “outcome”/ })).toBeVisible();

  // Overview: the verdict against the baseline and metrics with intervals beside the baseline's.
  const verdict = page.getByTestId('baseline-verdict');
  await expect(verdict).toContainText(/The model|the baseline|not distinguishable/, { timeout: 120_000 });
  const metrics = page.getByRole('table', { name: /Metrics on \d+ rows, model and baseline/ });
  const auc = metrics.getByRole('row', { name: /^ROC AUC/ });
  await expect(auc.getByRole('cell').nth(0)).toHaveText(/^0\.\d{3}$/);
  await expect(auc.getByRole('cell').nth(1)).toHaveText(/^\[0\.\d{3}, (0\.\d{3}|1\.000)\]$/);
  await expect(auc.getByRole('cell').nth(2)).toHaveText('0.500');
  await shoot(page, 'overview-1280');

  // Tabs follow the ARIA pattern: arrow keys move between them and change the address.
  await tab(page, 'Overview').focus();
  await page.keyboard.press('ArrowRight');
  await expect(page).toHaveURL(/\/curves$/);
  await expect(tab(page, 'Curves')).toBeFocused();
  await expect(tab(page, 'Curves')).toHaveAttribute('aria-selected', 'true');

  // Curves: ROC, PR, reliability and gain are drawn from data.
  const roc = page.getByRole('img', { name: /^ROC curve: AUC 0\.\d{3} for buy\.$/ });
  await expect(roc).toBeVisible();
  const rocPath = await roc.locator('path.line').first().getAttribute('d');
  expect(rocPath?.split('L').length ?? 0).toBeGreaterThan(10);
  const pr = page.getByRole('img', { name: /^Precision-recall curve: average precision 0\.\d{3} for buy/ });
  expect((await pr.locator('path.line').first().getAttribute('d'))?.split('L').length ?? 0).toBeGreaterThan(10);
  const reliability = page.getByRole('img', { name: /^Reliability diagram for buy: \d+ non-empty bins/ });
  await expect(reliability.locator('circle')).not.toHaveCount(0);
  await expect(page.getByRole('img', { name: /^Histogram of the predicted probability of buy/ }).locator('rect.bar').first()).toBeVisible();
  await expect(page.getByRole('img', { name: /^Cumulative gain for buy/ }).locator('path.line')).toHaveCount(1);
  await shoot(page, 'curves-1280');

  // Confusion matrix: a cell lists exactly its rows (by click, then by keyboard).
  await openTab(page, 'Confusion matrix');
  const cells = page.locator('button.cell');
  await expect(cells).toHaveCount(4);
  const cellCount = async (cell: string): Promise<number> => Number((await page.locator(`button[data-cell="${cell}"]`).innerText()).replace(/,/g, ''));
  const fn = await cellCount('1-0');
  await page.locator('button[data-cell="1-0"]').click();
  await expect(page.locator('button[data-cell="1-0"]')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('cell-count')).toHaveText(String(fn));
  if (fn > 0) await expect(page.getByTestId('cell-rows').locator('tbody tr')).toHaveCount(Math.min(fn, 50));
  const fp = await cellCount('0-1');
  await page.locator('button[data-cell="0-1"]').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('cell-count')).toHaveText(String(fp));
  if (fp > 0) {
    await expect(page.getByTestId('cell-rows').locator('tbody tr')).toHaveCount(Math.min(fp, 50));
    await expect(page.getByTestId('cell-rows').locator('tbody tr').first().getByRole('cell').nth(0)).toHaveText('browse');
    await expect(page.getByTestId('cell-rows').locator('tbody tr').first().getByRole('cell').nth(1)).toHaveText('buy');
  }
  const tp = await cellCount('1-1');
  await page.locator('button[data-cell="1-1"]').focus();
  await page.keyboard.press(' ');
  await expect(page.getByTestId('cell-count')).toHaveText(String(tp));
  await expect(page.getByTestId('cell-rows').locator('tbody tr')).toHaveCount(Math.min(tp, 50));
  await shoot(page, 'confusion-1280');

  // Threshold: typing a new threshold updates precision, recall and the confusion counts.
  await openTab(page, 'Threshold');
  const readout = page.getByTestId('threshold-metrics');
  const precision = readout.locator('[data-metric="precision"]');
  const recall = readout.locator('[data-metric="recall"]');
  await expect(page.getByText('Evaluated at 0.500.')).toBeVisible();
  const before = { p: await precision.innerText(), r: await recall.innerText(), tp: await page.locator('[data-cell="1-1"]').first().innerText() };
  expect(before.tp.replace(/\D/g, '')).toBe(String(tp));
  const input = page.getByRole('textbox', { name: 'Threshold', exact: true });
  await input.fill('0.2');
  await input.press('Enter');
  await expect(page.getByText('Evaluated at 0.200.')).toBeVisible({ timeout: 60_000 });
  await expect(recall).not.toHaveText(before.r);
  await expect(precision).not.toHaveText(before.p);
  const tpLow = Number((await page.locator('[data-cell="1-1"]').first().innerText()).replace(/\D/g, ''));
  expect(tpLow).toBeGreaterThan(tp);
  // The slider moves the threshold too (keyboard), and the suggested thresholds are offered.
  await page.getByRole('slider', { name: 'Threshold (slider)' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(input).toHaveValue('0.201');
  await expect(page.getByRole('group', { name: 'Suggested thresholds' }).getByRole('button', { name: /^Best F1: 0\.\d{3}$/ })).toBeVisible();
  await input.fill('0.2');
  await input.press('Enter');
  await expect(page.getByText('Evaluated at 0.200.')).toBeVisible({ timeout: 60_000 });
  await page.getByRole('button', { name: 'Save decision' }).click();
  await expect(page.getByTestId('saved-decision')).toContainText('Saved threshold: 0.200');
  // A cost matrix adds the cost column and the lowest-cost threshold.
  await page.getByLabel('False negative', { exact: true }).fill('5');
  await page.getByRole('button', { name: 'Use these costs' }).click();
  await expect(page.getByRole('group', { name: 'Suggested thresholds' }).getByRole('button', { name: /^Lowest cost: (0\.\d{3}|above every score)$/ })).toBeVisible({ timeout: 60_000 });
  await expect(readout.locator('[data-metric="cost"]')).toHaveText(/^\d\.\d{3}$/);
  await shoot(page, 'threshold-1280');

  // The Confusion matrix tab now counts at the new threshold.
  await openTab(page, 'Confusion matrix');
  await expect(page.locator('button[data-cell="1-1"]')).toHaveText(String(tpLow));

  // Errors: a note saved on a row survives a reload.
  await openTab(page, 'Errors');
  const errorsTable = page.getByTestId('errors-table');
  const firstRow = errorsTable.locator('tbody tr').first();
  const rowLabel = await firstRow.getByRole('rowheader').innerText();
  await firstRow.getByRole('textbox', { name: `Note on row ${rowLabel}` }).fill('Check this customer’s tenure');
  await firstRow.getByRole('button', { name: `Save note on row ${rowLabel}` }).click();
  await expect(firstRow.getByRole('status')).toHaveText('Saved');
  await shoot(page, 'errors-1280');
  await page.goto(`${runUrl}/errors`);
  await page.reload();
  await expect(page.getByTestId('errors-table')).toBeVisible({ timeout: 120_000 });
  await expect(page.getByRole('textbox', { name: `Note on row ${rowLabel}` })).toHaveValue('Check this customer’s tenure');
  // The saved threshold is what the page opens with.
  await openTab(page, 'Threshold');
  await expect(page.getByRole('textbox', { name: 'Threshold', exact: true })).toHaveValue('0.200');

  // Phone width: no tab makes the page scroll sideways.
  await page.setViewportSize({ width: 390, height: 844 });
  for (const [name, slug] of [
    ['Overview', 'overview'],
    ['Curves', 'curves'],
    ['Threshold', 'threshold'],
    ['Confusion matrix', 'confusion'],
    ['Slices', 'slices'],
    ['Errors', 'errors'],
  ] as const) {
    await openTab(page, name);
    await expect(page.getByRole('tabpanel')).toBeVisible();
    await noHorizontalOverflow(page);
    await shoot(page, `${slug}-390`);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  await openTab(page, 'Slices');
  await expect(page.getByTestId('slices-table').getByRole('rowheader', { name: 'All rows' })).toBeVisible();
  await expect(page.getByTestId('slices-table').getByRole('rowheader', { name: /segment = A/ })).toBeVisible();
  // Fairness: the groups of a sensitive attribute and the largest gaps.
  await page.getByLabel('Sensitive attribute', { exact: true }).selectOption('segment');
  const groups = page.getByRole('table', { name: /Per group, at threshold 0\.200/ });
  await expect(groups.locator('tbody tr')).toHaveCount(3, { timeout: 60_000 });
  await expect(page.getByText('Demographic parity difference')).toBeVisible();
  await shoot(page, 'slices-1280');

  // Explain: permutation importance draws a bar (with its interval) per feature.
  await openTab(page, 'Explain');
  await page.getByRole('button', { name: 'Run permutation importance' }).click();
  const importance = page.getByRole('img', { name: /^Permutation importance \(drop in/ });
  await expect(importance).toBeVisible({ timeout: 120_000 });
  await expect(importance.locator('rect.bar')).toHaveCount(4);
  await expect(page.getByTestId('model-used')).toContainText(/model kept from training|deterministic refit/);
  // Partial dependence with ICE lines, and SHAP (beeswarm + waterfall) for a chosen row.
  await page.getByLabel('Feature', { exact: true }).selectOption('age');
  await page.getByRole('button', { name: 'Compute partial dependence' }).click();
  const pdp = page.getByRole('img', { name: /^Partial dependence of the probability of buy on age: from/ });
  await expect(pdp).toBeVisible({ timeout: 120_000 });
  expect(await pdp.locator('path.line.faint').count()).toBeGreaterThan(5);
  await page.getByLabel('Row for the waterfall').selectOption({ index: 1 });
  await page.getByRole('button', { name: 'Compute SHAP values' }).click();
  await expect(page.getByRole('img', { name: /^SHAP summary of 4 features/ })).toBeVisible({ timeout: 120_000 });
  await expect(page.getByRole('img', { name: /^SHAP waterfall for row \d+: from the expected/ })).toBeVisible();
  await shoot(page, 'explain-1280');

  // Compare: a second model on the same dataset, paired on the same rows, in words.
  await page.getByRole('link', { name: 'customers.csv' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'customers.csv' })).toBeVisible();
  await chooseTarget(page, 'outcome', 'binary');
  await page.getByLabel('Model', { exact: true }).selectOption('knn');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(trainingRegion(page).getByRole('link', { name: /Open evaluation/ })).toBeVisible({ timeout: 120_000 });
  await page.goto(`${runUrl}/compare`);
  await page.getByRole('button', { name: 'Compare', exact: true }).click();
  await expect(page.getByTestId('compare-verdict')).toContainText(/better on|not distinguishable from noise/, { timeout: 120_000 });
  await expect(page.getByRole('img', { name: /^Difference in .*this run minus the other/ })).toBeVisible();
  await shoot(page, 'compare-1280');

  expect(errors).toEqual([]);
});

test('evaluation settings: final test rows, calibration, user slices and a two-feature partial dependence', async ({ page }) => {
  test.setTimeout(240_000);
  const errors = watchPageErrors(page);
  const shots = '/tmp/eval-shots2';
  const shot = async (name: string): Promise<void> => {
    fs.mkdirSync(shots, { recursive: true });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: `${shots}/${name}.png`, fullPage: true });
  };

  // 3-fold CV with a locked final test set of 20%, so the page has both kinds of rows.
  await openHome(page);
  await page.getByLabel('Import data', { exact: true }).setInputFiles({ name: 'customers.csv', mimeType: 'text/csv', buffer: Buffer.from(binaryCsv()) });
  await expect(page.getByRole('heading', { level: 1, name: 'customers.csv' })).toBeVisible();
  await chooseTarget(page, 'outcome', 'binary');
  await page.getByLabel('Model', { exact: true }).selectOption('naive-bayes');
  await page.getByLabel('Evaluation', { exact: true }).selectOption('kfold');
  await page.getByLabel('Folds', { exact: true }).fill('3');
  await page.getByLabel('Final test fraction').fill('0.2');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  const open = trainingRegion(page).getByRole('link', { name: /Open evaluation/ });
  await expect(open).toBeVisible({ timeout: 120_000 });
  await open.click();
  await expect(page.getByTestId('baseline-verdict')).toContainText(/The model|the baseline|not distinguishable/, { timeout: 120_000 });

  const note = page.getByTestId('eval-settings-note');
  const rowsEvaluated = page.locator('.key-figures div').filter({ hasText: 'Rows evaluated' }).locator('dd');
  const count = async (): Promise<number> => Number((await rowsEvaluated.innerText()).replace(/\D/g, ''));
  const metrics = page.getByRole('table', { name: /Metrics on \d+ rows, model and baseline/ });
  const logLoss = metrics.getByRole('row', { name: /^Log loss/ }).getByRole('cell').nth(0);
  const brier = metrics.getByRole('row', { name: /^Brier score/ }).getByRole('cell').nth(0);
  await expect(note).toContainText(/from the [\d,]+ held-out rows, uncalibrated/);
  const held = await count();
  const raw = { logLoss: await logLoss.innerText(), brier: await brier.innerText() };

  // Platt scaling: fitted on half the rows, everything reported on the other half, and it says so.
  const calibration = page.getByLabel('Calibration', { exact: true });
  await calibration.selectOption('sigmoid');
  await expect(note).toContainText(/Platt scaling was fitted on a seeded half of the held-out rows/, { timeout: 60_000 });
  const half = await count();
  expect(Math.abs(half - held / 2)).toBeLessThanOrEqual(1);
  await expect(metrics).toHaveAccessibleName(new RegExp(`^Metrics on ${half} rows`));
  await expect(logLoss).not.toHaveText(raw.logLoss);
  await expect(brier).not.toHaveText(raw.brier);
  await expect(page.getByRole('region', { name: 'Worth knowing' })).toContainText(`Post-hoc calibration (Platt scaling) was fitted on a seeded, stratified half`);
  await shot('overview-calibrated-1280');

  // The locked final test set: its rows and the held-out rows make up the whole table.
  const rows = page.getByLabel('Rows', { exact: true });
  await calibration.selectOption('none');
  await rows.selectOption('final-test');
  await expect(note).toContainText(/locked final test rows, uncalibrated/, { timeout: 60_000 });
  expect(held + (await count())).toBe(500);
  await expect(page.getByRole('region', { name: 'Worth knowing' })).toContainText('These are the locked final test rows');
  await rows.selectOption('held-out');
  await expect(note).toContainText(`from the ${held} held-out rows`, { timeout: 60_000 });

  // The calibration is saved with the decision, and the page opens with it.
  await calibration.selectOption('isotonic');
  await expect(note).toContainText('Isotonic regression was fitted', { timeout: 60_000 });
  await openTab(page, 'Threshold');
  await page.getByRole('button', { name: 'Save decision' }).click();
  await expect(page.getByTestId('saved-decision')).toContainText('with isotonic calibration');
  await page.reload();
  await expect(page.getByLabel('Calibration', { exact: true })).toHaveValue('isotonic', { timeout: 120_000 });
  await expect(note).toContainText('Isotonic regression was fitted', { timeout: 120_000 });
  await page.getByLabel('Calibration', { exact: true }).selectOption('none');
  await expect(note).toContainText('uncalibrated', { timeout: 60_000 });

  // Slices: a user filter is a slice of its own, with the support of the rows it selects.
  await openTab(page, 'Slices');
  const slices = page.getByTestId('slices-table');
  const supportOf = async (name: string | RegExp): Promise<number> =>
    Number((await slices.getByRole('row', { name }).getByRole('cell').nth(1).innerText()).replace(/\D/g, ''));
  const form = page.getByRole('form', { name: 'Add a slice' });
  await form.getByLabel('Column').selectOption('segment');
  await form.getByLabel('Operator').selectOption('>');
  await form.getByLabel('Value').fill('A');
  await form.getByRole('button', { name: 'Add slice' }).click();
  await expect(form.getByRole('alert')).toContainText('categorical');
  await form.getByLabel('Operator').selectOption('==');
  await form.getByLabel('Value').press('Enter');
  const userA = slices.getByRole('row', { name: /^segment == A filter/ });
  await expect(userA).toBeVisible({ timeout: 60_000 });
  expect(await supportOf(/^segment == A filter/)).toBe(await supportOf(/^segment = A segment/));
  await form.getByLabel('Column').selectOption('age');
  await form.getByLabel('Operator').selectOption('<');
  await form.getByLabel('Value').fill('40');
  await form.getByRole('button', { name: 'Add slice' }).click();
  await expect(slices.getByRole('row', { name: /^age < 40 filter/ })).toBeVisible({ timeout: 60_000 });
  await form.getByLabel('Operator').selectOption('>=');
  await form.getByLabel('Value').fill('40');
  await form.getByRole('button', { name: 'Add slice' }).click();
  await expect(slices.getByRole('row', { name: /^age >= 40 filter/ })).toBeVisible({ timeout: 60_000 });
  expect((await supportOf(/^age < 40 filter/)) + (await supportOf(/^age >= 40 filter/))).toBe(held);
  await shot('slices-filters-1280');
  await page.getByRole('list', { name: 'Your slices' }).getByRole('button', { name: 'Remove slice age < 40' }).click();
  await expect(slices.getByRole('row', { name: /^age < 40 filter/ })).toHaveCount(0, { timeout: 60_000 });
  await expect(userA).toBeVisible();

  // Two features: the partial dependence is a heat map with a cell per pair of grid values.
  await openTab(page, 'Explain');
  await page.getByLabel('Feature', { exact: true }).selectOption('age');
  await page.getByLabel('Second feature (optional)').selectOption('tenure');
  await expect(page.getByRole('checkbox', { name: 'ICE lines' })).toBeDisabled();
  await page.getByRole('button', { name: 'Compute partial dependence' }).click();
  const heat = page.getByRole('img', { name: /^Partial dependence of the probability of buy on age and tenure, a \d+ × \d+ grid: lowest [\d.]+ at age = [\d.]+, tenure = [\d.]+; highest/ });
  await expect(heat).toBeVisible({ timeout: 120_000 });
  const [, nx, ny] = /a (\d+) × (\d+) grid/.exec((await heat.getAttribute('aria-label')) ?? '') ?? [];
  expect(Number(nx)).toBeGreaterThan(5);
  expect(Number(ny)).toBeGreaterThan(5);
  const cells = heat.locator('rect.cell');
  await expect(cells).toHaveCount(Number(nx) * Number(ny));
  await expect(cells.first().locator('title')).toHaveText(/^age = [\d.]+, tenure = [\d.]+: [\d.]+$/);
  const fills = new Set(await cells.evaluateAll((els) => els.map((el) => el.getAttribute('fill'))));
  expect(fills.size).toBeGreaterThan(10);
  await shot('explain-heatmap-1280');

  await page.setViewportSize({ width: 390, height: 844 });
  for (const [name, slug] of [
    ['Explain', 'explain'],
    ['Slices', 'slices'],
    ['Overview', 'overview'],
  ] as const) {
    await openTab(page, name);
    await noHorizontalOverflow(page);
    await shot(`${slug}-390`);
  }
  expect(errors).toEqual([]);
});

test('evaluation page of a regression: predicted against actual, residuals, no threshold or confusion tabs', async ({ page }) => {
  const errors = watchPageErrors(page);
  await openHome(page);
  await page.getByRole('button', { name: 'Open Cars' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Cars' })).toBeVisible();
  await chooseTarget(page, 'Miles_per_Gallon', 'regression');
  await page.getByLabel('Model', { exact: true }).selectOption('knn');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  const open = trainingRegion(page).getByRole('link', { name: /Open evaluation/ });
  await expect(open).toBeVisible({ timeout: 120_000 });
  await open.click();
  await expect(page.getByTestId('baseline-verdict')).toContainText(/The model|the baseline|not distinguishable/, { timeout: 120_000 });
  await expect(tab(page, 'Threshold')).toHaveCount(0);
  await expect(tab(page, 'Confusion matrix')).toHaveCount(0);
  await expect(page.getByRole('table', { name: /Metrics on \d+ rows/ }).getByRole('row', { name: /^RMSE/ })).toBeVisible();
  await openTab(page, 'Curves');
  const scatter = page.getByRole('img', { name: /^Predicted against actual values for \d+ rows; R² 0\.\d{3}/ });
  await expect(scatter).toBeVisible();
  expect(await scatter.locator('circle').count()).toBeGreaterThan(20);
  await expect(page.getByRole('img', { name: /^Histogram of residuals/ }).locator('rect.bar').first()).toBeVisible();
  await shoot(page, 'regression-curves-1280');
  await openTab(page, 'Errors');
  await expect(page.getByTestId('errors-table').locator('tbody tr').first()).toBeVisible();
  await page.setViewportSize({ width: 390, height: 844 });
  await openTab(page, 'Curves');
  await noHorizontalOverflow(page);
  await shoot(page, 'regression-curves-390');
  expect(errors).toEqual([]);
});
