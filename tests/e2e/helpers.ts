import { expect, type Page } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';

export const SCREENSHOTS = path.resolve('test-results', 'screenshots');

export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  // Full-page shots of a scrolled page paint the sticky top bar mid-page.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

export function fixture(name: string): string {
  return path.resolve('tests', 'e2e', 'fixtures', name);
}

/** Fail the test on uncaught page errors; collect them for the final assertion. */
export function watchPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

export async function openHome(page: Page): Promise<void> {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
}

/** Open the bundled penguins sample from the home page and wait for the dataset view. */
export async function openPenguins(page: Page): Promise<void> {
  await openHome(page);
  await page.getByRole('button', { name: 'Open Palmer penguins' }).click();
  await expect(page).toHaveURL(/#\/dataset\//);
  await expect(page.getByRole('heading', { level: 1, name: 'Palmer penguins' })).toBeVisible();
}

/** Choose a target and wait until the task has been detected. */
export async function chooseTarget(page: Page, target: string, task?: string): Promise<void> {
  await page.getByLabel('Target', { exact: true }).selectOption(target);
  const taskSelect = page.getByLabel('Task', { exact: true });
  if (task) await expect(taskSelect).toHaveValue(task);
  else await expect(taskSelect).not.toHaveValue('');
}

export async function configureMlp(page: Page, opts: { epochs: number; batchSize?: number; backend?: string }): Promise<void> {
  await page.getByLabel('Model', { exact: true }).selectOption('mlp');
  await page.getByLabel('Epochs', { exact: true }).fill(String(opts.epochs));
  if (opts.batchSize !== undefined) await page.getByLabel('Batch size', { exact: true }).fill(String(opts.batchSize));
  if (opts.backend) await page.getByLabel('Backend', { exact: true }).selectOption(opts.backend);
}

export function trainingRegion(page: Page) {
  return page.getByRole('region', { name: 'Training' });
}

export function nav(page: Page) {
  return page.getByRole('navigation', { name: 'Main' });
}

/** Import a fixture CSV through the file input and wait for its dataset view. */
export async function importFixture(page: Page, name: string): Promise<void> {
  await openHome(page);
  await page.getByLabel('Import data', { exact: true }).setInputFiles(fixture(name));
  await expect(page).toHaveURL(/#\/dataset\//);
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
}

export function planRegion(page: Page) {
  return page.getByRole('region', { name: 'Experiment plan' });
}

export function featuresRegion(page: Page) {
  return page.getByRole('region', { name: 'Features', exact: true });
}
