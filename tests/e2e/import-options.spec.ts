import { expect, test, type JSHandle, type Page } from '@playwright/test';
import { openHome, watchPageErrors } from './helpers.ts';

/** Drop a DataTransfer (built in the page: no round trip of a big buffer through the test runner) on the zone. */
async function drop(page: Page, dataTransfer: JSHandle<DataTransfer>): Promise<void> {
  const zone = page.getByRole('group', { name: /Drop a file here/ });
  await zone.dispatchEvent('dragenter', { dataTransfer });
  await zone.dispatchEvent('dragover', { dataTransfer });
  await zone.dispatchEvent('drop', { dataTransfer });
}

/** Full-page shot for a person to look at; scrolled to the top first, or the sticky bar paints mid-page. */
async function shot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `/tmp/${name}.png`, fullPage: true });
}

function columnKinds(page: Page) {
  return page.getByRole('table', { name: 'Columns and their inferred kinds' });
}

test('import from a URL: the bundled sample is fetched, parsed and stored', async ({ page, baseURL }) => {
  const errors = watchPageErrors(page);
  await openHome(page);
  await expect(page.getByText(/server must allow cross-origin requests/)).toBeVisible();
  await expect(page.getByText(/downloaded to\s+this device only/)).toBeVisible();
  await page.getByLabel('Import from URL').fill(`${baseURL}/static/samples/seattle-weather.csv`);
  await page.getByRole('button', { name: 'Fetch and import' }).click();

  await expect(page).toHaveURL(/#\/dataset\//);
  await expect(page.getByRole('heading', { level: 1, name: 'seattle-weather.csv' })).toBeVisible();
  await expect(page.getByRole('grid')).toHaveAttribute('aria-rowcount', '1462');
  const kinds = columnKinds(page);
  await expect(kinds.getByRole('rowheader', { name: 'weather', exact: true })).toBeVisible();
  expect(errors).toEqual([]);
});

test('a URL that cannot be fetched shows a coded error and stores nothing', async ({ page }) => {
  await openHome(page);
  await page.getByLabel('Import from URL').fill('http://example.com/data.csv');
  await page.getByRole('button', { name: 'Fetch and import' }).click();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('url_invalid');
  await expect(alert).toContainText('only https://');
  await expect(page).not.toHaveURL(/#\/dataset\//);
});

test('duplicate header: the failure offers "Rename columns and import", which stores a, a_2', async ({ page }) => {
  const errors = watchPageErrors(page);
  await openHome(page);
  await page.getByLabel('Import data', { exact: true }).setInputFiles({
    name: 'dupes.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('id,score,score,label\n1,0.5,7,a\n2,0.25,8,b\n3,0.75,9,a\n'),
  });
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('csv_duplicate_header');
  await expect(alert).toContainText('"score"');
  await shot(page, 'import-duplicate-header');

  await alert.getByRole('button', { name: 'Rename columns and import' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'dupes.csv' })).toBeVisible();
  await expect(page.getByRole('grid').getByRole('columnheader')).toHaveText(['#', 'id', 'score', 'score_2', 'label']);
  await expect(page.getByRole('alert')).toHaveCount(0);
  // What was renamed is said after the import.
  await expect(page.getByRole('status', { name: 'Import notes' })).toContainText('field 3 "score" -> "score_2"');
  expect(errors).toEqual([]);
});

test('a blank header name fails with csv_blank_header; the retry names it after its position', async ({ page }) => {
  await openHome(page);
  await page.getByLabel('Import data', { exact: true }).setInputFiles({
    name: 'blank.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('a,,c\n1,2,3\n4,5,6\n'),
  });
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('csv_blank_header');
  await alert.getByRole('button', { name: 'Rename columns and import' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'blank.csv' })).toBeVisible();
  await expect(page.getByRole('grid').getByRole('columnheader')).toHaveText(['#', 'a', 'column_2', 'c']);
});

test('other failures offer no rename', async ({ page }) => {
  await openHome(page);
  await page.getByLabel('Import data', { exact: true }).setInputFiles({
    name: 'ragged.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('a,b\n1,2\n3,4,5\n'),
  });
  await expect(page.getByRole('alert')).toContainText('csv_ragged_row');
  await expect(page.getByRole('button', { name: 'Rename columns and import' })).toHaveCount(0);
});

test('the rename option and missing-value tokens apply to the next import', async ({ page }) => {
  await openHome(page);
  await page.getByText('Import options').click();
  // The defaults are listed.
  const tokens = page.getByRole('list', { name: 'Missing-value tokens' });
  await expect(tokens).toContainText('NA');
  await expect(tokens).toContainText('empty cell');
  await page.getByLabel('Add a missing-value token').fill('-999');
  await page.getByRole('button', { name: 'Add token' }).click();
  await expect(tokens).toContainText('-999');
  await page.getByLabel('Rename duplicate column names').check();
  await expect(page.getByText('Import options (changed)')).toBeVisible();
  await shot(page, 'import-options');

  await page.getByLabel('Import data', { exact: true }).setInputFiles({
    name: 'sentinel.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('x,x,y\n1,-999,a\n2,5,b\n-999,6,a\n4,7,b\n'),
  });
  await expect(page.getByRole('heading', { level: 1, name: 'sentinel.csv' })).toBeVisible();
  const kinds = columnKinds(page);
  const missingOf = (name: string) =>
    kinds.getByRole('row').filter({ has: page.getByRole('rowheader', { name, exact: true }) }).getByRole('cell').nth(1);
  await expect(missingOf('x')).toHaveText(/^\s*1 \(25\.0%\)\s*$/);
  await expect(missingOf('x_2')).toHaveText(/^\s*1 \(25\.0%\)\s*$/);
  await expect(missingOf('y')).toHaveText(/^\s*0\s*$/);
});

test('cancel stops a large import mid-way; nothing is stored and the panel stays usable', async ({ page }) => {
  const errors = watchPageErrors(page);
  await openHome(page);
  const huge = await page.evaluateHandle(() => {
    // ~45 MB of CSV: long enough to be caught while parsing.
    const lines = ['id,a,b,c,label'];
    for (let i = 0; i < 1_500_000; i++) lines.push(`${i},${(i * 0.37) % 101},${(i * 7) % 1000},${i % 13}.25,${i % 2 ? 'yes' : 'no'}`);
    const dt = new DataTransfer();
    dt.items.add(new File([lines.join('\n')], 'huge.csv', { type: 'text/csv' }));
    return dt;
  });
  await drop(page, huge);
  const bar = page.getByRole('progressbar', { name: 'Import progress' });
  await expect(bar).toBeVisible();
  await shot(page, 'import-progress');
  const cancel = page.getByRole('button', { name: 'Cancel', exact: true });
  await cancel.click();
  await expect(page.getByRole('status').filter({ hasText: 'cancelled' })).toContainText('Import of huge.csv cancelled', { timeout: 10_000 });
  await expect(bar).toHaveCount(0);
  await expect(page).not.toHaveURL(/#\/dataset\//);
  await expect(page.getByRole('link', { name: 'huge.csv' })).toHaveCount(0);
  await shot(page, 'import-cancelled');

  // Still usable.
  const small = await page.evaluateHandle(() => {
    const dt = new DataTransfer();
    dt.items.add(new File(['p,q\n1,a\n2,b\n3,a\n'], 'after-cancel.csv', { type: 'text/csv' }));
    return dt;
  });
  await drop(page, small);
  await expect(page.getByRole('heading', { level: 1, name: 'after-cancel.csv' })).toBeVisible();
  expect(errors).toEqual([]);
});

test('a CSV with emails opens the PII review; dropping the column stores the data without it', async ({ page }) => {
  const errors = watchPageErrors(page);
  await openHome(page);
  const rows = ['name,email,age,notes'];
  const people = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy'];
  people.forEach((p, i) => rows.push(`${p},${p}.${i}@example.com,${20 + i},likes tea`));
  await page.getByLabel('Import data', { exact: true }).setInputFiles({
    name: 'people.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(rows.join('\n') + '\n'),
  });

  const dialog = page.getByRole('dialog', { name: 'Personal data found in people.csv' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('Nothing has been stored yet');
  const emailRow = dialog.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'email', exact: true }) });
  await expect(emailRow).toContainText('Email address');
  await expect(emailRow).toContainText('10 values');
  await expect(emailRow).toContainText('high confidence');
  // Samples are shown masked, never in full.
  await expect(emailRow.locator('code').first()).toContainText('*');
  await expect(emailRow).not.toContainText('alice.0@example.com');
  // Most values are emails: hashing is suggested.
  const action = dialog.getByLabel('Action for email');
  await expect(action).toHaveValue('hash');
  // Focus is inside the dialog and the page behind is not reachable.
  await expect(dialog.getByRole('heading', { name: /Personal data found/ })).toBeFocused();
  await page.screenshot({ path: '/tmp/pii-review.png' });

  // Nothing is listed before saving.
  await action.selectOption('drop');
  await expect(dialog).toContainText('Will drop 1 column');
  await dialog.getByRole('button', { name: 'Save dataset' }).click();

  await expect(page.getByRole('heading', { level: 1, name: 'people.csv' })).toBeVisible();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole('grid').getByRole('columnheader')).toHaveText(['#', 'name', 'age', 'notes']);
  const kinds = columnKinds(page);
  await expect(kinds.getByRole('rowheader', { name: 'email', exact: true })).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('Escape in the PII review discards the import: nothing is stored', async ({ page }) => {
  await openHome(page);
  const rows = ['user,contact'];
  for (let i = 0; i < 8; i++) rows.push(`u${i},user${i}@example.org`);
  await page.getByLabel('Import data', { exact: true }).setInputFiles({
    name: 'contacts.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(rows.join('\n') + '\n'),
  });
  const dialog = page.getByRole('dialog', { name: /Personal data found in contacts.csv/ });
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(page).not.toHaveURL(/#\/dataset\//);
  await expect(page.getByRole('link', { name: 'contacts.csv' })).toHaveCount(0);
  await expect(page.getByLabel('Import data', { exact: true })).toBeFocused();
});

test('notes on how a file was read (a Windows-1252 fallback) show after import and can be dismissed', async ({ page }) => {
  await openHome(page);
  // "café" in Windows-1252: 0xE9 is not valid UTF-8 on its own.
  const bytes = Buffer.concat([Buffer.from('place,visits\ncaf'), Buffer.from([0xe9]), Buffer.from(',3\nbar,5\npub,2\n')]);
  await page.getByLabel('Import data', { exact: true }).setInputFiles({ name: 'latin.csv', mimeType: 'text/csv', buffer: bytes });
  await expect(page.getByRole('heading', { level: 1, name: 'latin.csv' })).toBeVisible();
  const notice = page.getByRole('status', { name: 'Import notes' });
  await expect(notice).toContainText('How latin.csv was read');
  await expect(notice).toContainText(/windows-1252/i);
  await expect(page.getByRole('grid').getByRole('row').nth(1)).toContainText('café');
  await shot(page, 'import-notes');
  await notice.getByRole('button', { name: 'Dismiss import notes' }).click();
  await expect(notice).toHaveCount(0);
});

test('the storage indicator shows usage and persistence, and asks the browser to persist', async ({ page }) => {
  await openHome(page);
  const storage = page.getByRole('banner').getByRole('group').filter({ hasText: 'Storage' });
  await expect(storage).toContainText(/persistent|persistence unknown/);
  await storage.getByText(/persist/).first().click();
  await expect(storage.getByText('Browser storage')).toBeVisible();
  await expect(storage).toContainText(/used of|does not report/);
  const ask = storage.getByRole('button', { name: 'Make storage persistent' });
  if ((await ask.count()) > 0) {
    await ask.click();
    // persist() exists only on the page, not in the worker: the page asks, so the browser answers yes or no.
    await expect(storage.getByRole('status')).toHaveText(/Granted|declined/);
  }
  await shot(page, 'storage-status');
  await page.keyboard.press('Escape');
  await expect(storage.getByText('Browser storage')).toBeHidden();
});
