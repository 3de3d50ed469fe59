import { expect, test, type Page } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { openPenguins, trainingRegion, watchPageErrors } from './helpers.ts';

const SHOTS = process.env.SEARCH_SHOTS ?? path.resolve('test-results', 'screenshots', 'search');

async function shot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

async function openSearch(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Dataset sections' }).getByRole('link', { name: 'Search' }).click();
  await expect(page).toHaveURL(/\/search$/);
  await expect(page.getByRole('heading', { name: 'Hyperparameter search' })).toBeVisible();
  await page.getByLabel('Target', { exact: true }).selectOption('Species');
  await expect(page.getByText('Task: multiclass')).toBeVisible();
}

test('a small random search fills the trial table, charts and importance, and trains the best configuration', async ({ page }) => {
  const errors = watchPageErrors(page);
  await openPenguins(page);
  await openSearch(page);

  await page.getByLabel('Model', { exact: true }).selectOption('knn');
  const space = page.getByLabel('Search space (JSON)');
  await expect(space).toHaveValue(/"model\.k"/);

  // A broken space names the problem and blocks the start; the default comes back with one click.
  await space.fill('{"model.k": ');
  await expect(page.getByText(/The search space is not valid JSON/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Start search' })).toBeDisabled();
  await page.getByRole('button', { name: 'Reset to the default space' }).click();
  await expect(page.getByRole('button', { name: 'Start search' })).toBeEnabled();

  // A space the schema refuses comes back from the worker as spec_invalid, naming the field.
  await space.fill('{"model.k": {"kind": "int", "low": 1}}');
  await page.getByRole('button', { name: 'Start search' }).click();
  await expect(page.getByRole('alert')).toContainText(/spec_invalid.*model\.k/s);

  await page.getByRole('button', { name: 'Reset to the default space' }).click();
  await page.getByLabel('Trials', { exact: true }).fill('4');
  await page.getByRole('button', { name: 'Start search' }).click();

  const rows = page.getByTestId('trial-row');
  await expect(page.getByRole('status').filter({ hasText: 'Search finished' })).toBeVisible({ timeout: 120_000 });
  await expect(rows).toHaveCount(4);
  // Every trial has a cross-validated score with its spread across folds.
  for (let i = 0; i < 4; i++) await expect(rows.nth(i)).toContainText(/\d\.\d+ ± \d/);
  await expect(page.getByRole('img', { name: /Best log loss so far/ })).toBeVisible();
  await expect(page.getByRole('img', { name: /Parameters vs log loss/ })).toBeVisible();
  const importance = page.getByRole('img', { name: 'Parameter importance' });
  await expect(importance).toBeVisible();
  await expect(importance).toContainText('k');
  await expect(rows.filter({ hasText: 'best' })).toHaveCount(1);
  await shot(page, 'search-done');

  // The search and its four trials are runs.
  await page.getByRole('link', { name: 'Search run' }).waitFor();

  await page.getByRole('button', { name: 'Train final model with the best configuration' }).click();
  await expect(page).toHaveURL(/#\/dataset\/[^/]+$/);
  const region = trainingRegion(page);
  await expect(region).toContainText('Status: done', { timeout: 120_000 });
  await shot(page, 'final-trained');

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /Runs/ }).click();
  await expect(page).toHaveURL(/#\/runs$/);
  // The final run and the search's parent run; its four child runs are folded under it until opened.
  await expect(page.getByRole('row').filter({ hasText: 'Palmer penguins' })).toHaveCount(2);
  await expect(page.getByRole('row').filter({ hasText: 'trial 4' })).toHaveCount(0);
  const disclose = page.getByRole('button', { name: /Show 4 trials of search run/ });
  await expect(disclose).toHaveAttribute('aria-expanded', 'false');
  await disclose.click();
  await expect(page.getByRole('button', { name: /Hide 4 trials of search run/ })).toHaveAttribute('aria-expanded', 'true');
  await expect(page.getByRole('row').filter({ hasText: 'Palmer penguins' })).toHaveCount(6);
  await expect(page.getByRole('row').filter({ hasText: 'trial 4' })).toHaveCount(1);
  await shot(page, 'runs');
  // The filter still applies to trials: one trial matches, its search stays open around it.
  await page.getByLabel('Filter runs').fill('tag:"trial 4"');
  await expect(page.getByRole('row').filter({ hasText: 'trial 4' })).toHaveCount(1);
  await expect(page.getByRole('row').filter({ hasText: 'trial 3' })).toHaveCount(0);
  await page.getByLabel('Filter runs').fill('');
  await page.getByRole('button', { name: /Hide 4 trials of search run/ }).click();
  await expect(page.getByRole('row').filter({ hasText: 'trial 4' })).toHaveCount(0);

  // The search's parent run opens like any run.
  await page.goBack();
  await page.goBack();
  await expect(page).toHaveURL(/\/search$/);
  await page.getByRole('link', { name: 'Search run' }).click();
  await expect(page).toHaveURL(/#\/runs\/[^/]+$/);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await shot(page, 'search-run');
  expect(errors).toEqual([]);
});

test('a running search can be cancelled and resumed', async ({ page }) => {
  const errors = watchPageErrors(page);
  await openPenguins(page);
  await openSearch(page);
  // Boosted trees with few rounds: quick trials, but slow enough to cancel mid-search.
  await page.getByLabel('Model', { exact: true }).selectOption('gbdt');
  await page.getByLabel('Trials', { exact: true }).fill('400');
  await page.getByRole('button', { name: 'Start search' }).click();

  await expect(page.getByRole('progressbar', { name: 'Search progress' })).toBeVisible();
  const rows = page.getByTestId('trial-row');
  await expect(rows.nth(1)).toBeVisible({ timeout: 120_000 });
  await shot(page, 'search-running');
  await page.getByRole('button', { name: 'Cancel search' }).click();
  await expect(page.getByRole('status').filter({ hasText: /Search cancelled after \d+ trials/ })).toBeVisible({ timeout: 60_000 });
  // The best trial's marker comes and goes with the result; the trial itself must not change.
  const texts = async () => (await rows.allInnerTexts()).map((t) => t.replace(/\s*best\b/, ''));
  const before = await texts();
  expect(before.length).toBeGreaterThan(1);
  expect(before.length).toBeLessThan(400);
  await expect(page.getByRole('button', { name: 'Start search' })).toBeEnabled();

  // The stopped search is kept with its trials and continues from them: they come back as they were, and new ones follow.
  const resume = page.getByRole('listitem').filter({ hasText: /Gradient|boost/i }).getByRole('button', { name: 'Resume' });
  await expect(resume).toHaveCount(1);
  await shot(page, 'search-cancelled');
  await resume.click();
  await expect.poll(() => rows.count(), { timeout: 120_000 }).toBeGreaterThan(before.length);
  const after = await texts();
  for (const text of before) expect(after).toContain(text);
  await page.getByRole('button', { name: 'Cancel search' }).click();
  await expect(page.getByRole('status').filter({ hasText: /Search cancelled/ })).toBeVisible({ timeout: 60_000 });
  expect(errors).toEqual([]);
});

/** Each trial row's trial number, parameters, score and status (not its duration, nor the best marker). */
async function trialTable(page: Page): Promise<string[][]> {
  return page.getByTestId('trial-row').evaluateAll((trs) =>
    trs.map((tr) => [
      (tr.querySelector('th')?.textContent ?? '').replace('best', '').trim(),
      ...Array.from(tr.querySelectorAll('td')).slice(0, -1).map((td) => (td.textContent ?? '').trim()),
    ]),
  );
}

async function startSeededSearch(page: Page, trials: number): Promise<void> {
  await page.getByLabel('Model', { exact: true }).selectOption('gbdt');
  await page.getByLabel('Strategy', { exact: true }).selectOption('tpe');
  // Spin buttons: once a search has finished, its trial table is also named "Trials".
  await page.getByRole('spinbutton', { name: 'Trials', exact: true }).fill(String(trials));
  await page.getByRole('spinbutton', { name: 'Seed', exact: true }).fill('7');
  await page.getByRole('spinbutton', { name: 'Parallel trials', exact: true }).fill('1');
  await page.getByRole('button', { name: 'Start search' }).click();
}

test('a search interrupted by a reload resumes: finished trials are not run again, and it proposes what an uninterrupted one does', async ({ page }) => {
  test.setTimeout(420_000);
  const errors = watchPageErrors(page);
  const TRIALS = 12;
  await openPenguins(page);
  await openSearch(page);

  // The reference: the same seeded search, uninterrupted.
  await startSeededSearch(page, TRIALS);
  await expect(page.getByRole('status').filter({ hasText: 'Search finished' })).toBeVisible({ timeout: 180_000 });
  const reference = await trialTable(page);
  expect(reference).toHaveLength(TRIALS);

  await startSeededSearch(page, TRIALS);
  const rows = page.getByTestId('trial-row');
  await expect(rows.nth(2)).toBeVisible({ timeout: 120_000 });
  const texts = async () => (await rows.allInnerTexts()).map((t) => t.replace(/\s*best\b/, ''));
  // The last row shown may not be saved yet when the page goes; the ones before it are.
  const early = (await texts()).slice(0, -1);
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Hyperparameter search' })).toBeVisible();
  // The tab that ran it is gone: the search is on record as stopped, with the trials it finished.
  const resume = page.getByRole('listitem').filter({ hasText: /Gradient|boost/i }).filter({ hasText: 'interrupted' }).getByRole('button', { name: 'Resume' });
  await expect(resume).toHaveCount(1, { timeout: 30_000 });
  const saved = Number((await page.getByRole('listitem').filter({ hasText: 'interrupted' }).innerText()).match(/(\d+) trials/)?.[1]);
  expect(saved).toBeGreaterThanOrEqual(3);
  expect(saved).toBeLessThan(TRIALS);
  await shot(page, 'search-interrupted');
  await resume.click();
  await expect(page.getByRole('status').filter({ hasText: 'Search finished' })).toBeVisible({ timeout: 180_000 });
  const resumed = await trialTable(page);
  // Same trials, same order, same scores as the uninterrupted search.
  expect(resumed).toEqual(reference);
  // Trials finished before the reload come back as they were (their durations too): not run again.
  const after = await texts();
  for (const t of early) expect(after).toContain(t);
  await shot(page, 'search-resumed');

  // Every trial ran once: each search run has exactly TRIALS child runs (a rerun would add more).
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /Runs/ }).click();
  await expect(page).toHaveURL(/#\/runs$/);
  const show = page.getByRole('button', { name: new RegExp(`Show ${TRIALS} trials of search run`) });
  const hide = page.getByRole('button', { name: new RegExp(`Hide ${TRIALS} trials of search run`) });
  await expect(show).toHaveCount(2);
  // One search open at a time: the table only renders the rows in view.
  for (const k of [0, 1]) {
    await show.nth(k).click();
    await expect(hide).toHaveCount(1);
    const trialRows = page.getByRole('row').filter({ hasText: /trial \d+/ });
    await expect(trialRows).toHaveCount(TRIALS);
    const names = (await trialRows.allInnerTexts()).map((t) => t.match(/trial \d+/)?.[0]);
    expect(new Set(names).size).toBe(TRIALS);
    if (k === 1) await shot(page, 'runs-trials-open');
    await hide.click();
    await expect(hide).toHaveCount(0);
  }
  expect(errors).toEqual([]);
});
