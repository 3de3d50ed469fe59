import { expect, test, type Page } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chooseTarget, configureMlp, fixture, openHome, openPenguins, screenshot, trainingRegion, watchPageErrors } from './helpers.ts';

async function openWorkspace(page: Page): Promise<void> {
  await page.goto('/#/workspace');
  await expect(page.getByRole('heading', { level: 1, name: 'Workspace' })).toBeVisible();
}

async function datasetNames(page: Page): Promise<string[]> {
  await openHome(page);
  const list = page.getByRole('region', { name: 'Your datasets' });
  await expect(list.getByText('Loading…')).toHaveCount(0);
  return (await list.getByRole('link').allTextContents()).map((s) => s.trim()).filter(Boolean);
}

async function restore(page: Page, file: string, mode: 'Merge' | 'Replace' = 'Merge'): Promise<void> {
  await page.getByLabel('Backup file').setInputFiles(file);
  await page.getByRole('radio', { name: new RegExp(`^${mode}`) }).check();
  await page.getByRole('button', { name: 'Restore', exact: true }).click();
}

test('back up, erase everything, restore: the same datasets and runs come back, and a second restore changes nothing', async ({ page }) => {
  test.setTimeout(240_000);
  const errors = watchPageErrors(page);
  await openPenguins(page);
  await chooseTarget(page, 'Species', 'multiclass');
  await configureMlp(page, { epochs: 2 });
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(trainingRegion(page)).toContainText('Status: done', { timeout: 150_000 });
  await openHome(page);
  await page.getByLabel('Import data', { exact: true }).setInputFiles(fixture('pets.csv'));
  await expect(page.getByRole('heading', { level: 1, name: 'pets.csv' })).toBeVisible();
  const before = (await datasetNames(page)).sort();
  expect(before).toEqual(expect.arrayContaining(['Palmer penguins', 'pets.csv']));

  await openWorkspace(page);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download a backup' }).click();
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'benchtop-backup-')), 'backup.zip');
  await (await download).saveAs(file);
  await expect(page.getByRole('status').filter({ hasText: /Saved benchtop-workspace-.*\.zip/ })).toBeVisible();
  expect(fs.readFileSync(file).subarray(0, 2).toString('latin1')).toBe('PK');

  // Erasing asks for a typed confirmation first.
  await page.getByRole('button', { name: 'Erase everything…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Erase all data?' });
  const confirm = dialog.getByRole('button', { name: 'Erase everything', exact: true });
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel('Confirmation').fill('erase');
  await confirm.click();
  await expect(page.getByRole('status').filter({ hasText: 'Everything was erased.' })).toBeVisible();
  expect(await datasetNames(page)).toEqual([]);

  // A file that is not a backup is refused with a coded message, and writes nothing.
  await openWorkspace(page);
  await restore(page, fixture('pets.csv'));
  await expect(page.getByRole('alert')).toContainText('backup_invalid');
  expect(await datasetNames(page)).toEqual([]);

  await openWorkspace(page);
  await restore(page, file);
  const report = page.getByRole('status').filter({ hasText: 'Restored (merge)' });
  await expect(report).toBeVisible({ timeout: 60_000 });
  await expect(report.getByRole('row', { name: /^Runs/ })).toContainText('1');
  await screenshot(page, 'workspace-restored');
  expect((await datasetNames(page)).sort()).toEqual(before);
  await page.goto('/#/runs');
  await expect(page.getByRole('row', { name: /mlp on Palmer penguins/ })).toHaveCount(1);

  // Restoring the same file again adds nothing: every record is already there, unchanged.
  await openWorkspace(page);
  await restore(page, file);
  const again = page.getByRole('status').filter({ hasText: 'Restored (merge)' });
  await expect(again).toBeVisible({ timeout: 60_000 });
  for (const row of await again.getByRole('row').all()) {
    const cells = await row.getByRole('cell').allTextContents();
    if (cells.length === 3) expect(cells[0]).toBe('0');
  }
  expect((await datasetNames(page)).sort()).toEqual(before);
  expect(errors).toEqual([]);
});

test('a tab left open when a newer Benchtop upgrades the database is told to reload', async ({ page, context }) => {
  const errors = watchPageErrors(page);
  await openHome(page);
  await expect(page.getByRole('region', { name: 'Your datasets' }).getByText('Loading…')).toHaveCount(0);
  // A second tab opens the database at a higher schema version, as a newer build would.
  const newer = await context.newPage();
  await newer.goto('/#/workspace');
  const upgraded = await newer.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const req = indexedDB.open('benchtop', 10_000);
        req.onsuccess = () => {
          const v = req.result.version;
          req.result.close();
          resolve(v);
        };
        req.onerror = () => reject(req.error);
      }),
  );
  expect(upgraded).toBe(10_000);
  const banner = page.getByRole('alert').filter({ hasText: 'This tab is out of date.' });
  await expect(banner).toBeVisible();
  await expect(banner).toContainText('Reload this tab to continue');
  await expect(banner.getByRole('button', { name: 'Reload' })).toBeVisible();
  await screenshot(page, 'stale-tab-banner');
  expect(errors).toEqual([]);
});
