import { expect, test } from '@playwright/test';
import { chooseTarget, configureMlp, screenshot, trainingRegion } from './helpers.ts';

/** ~20k rows of a synthetic binary classification problem. */
function generatedCsv(rows: number): string {
  let seed = 7;
  const rnd = (): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const colours = ['red', 'green', 'blue', 'amber'];
  const lines = ['x1,x2,x3,colour,label'];
  for (let i = 0; i < rows; i++) {
    const x1 = rnd() * 10 - 5;
    const x2 = rnd() * 4;
    const x3 = Math.round(rnd() * 100);
    const colour = colours[i % colours.length];
    const label = x1 + x2 * 0.5 + (colour === 'red' ? 1 : 0) + rnd() > 1.5 ? 'yes' : 'no';
    lines.push(`${x1.toFixed(4)},${x2.toFixed(4)},${x3},${colour},${label}`);
  }
  return lines.join('\n') + '\n';
}

declare global {
  interface Window {
    __longTasks: { start: number; duration: number }[];
  }
}

test('no long task over 200 ms on the main thread during a 20k-row import and MLP training', async ({ page }) => {
  await page.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Your datasets' })).not.toContainText('Loading');
  const t0 = await page.evaluate(() => performance.now());

  await page.getByLabel('Import data', { exact: true }).setInputFiles({
    name: 'generated-20k.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(generatedCsv(20_000)),
  });
  await expect(page.getByRole('heading', { level: 1, name: 'generated-20k.csv' })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByRole('grid')).toHaveAttribute('aria-rowcount', '20001');

  // Scroll the grid to the end and back: rendering stays virtual.
  const grid = page.getByRole('grid');
  await grid.evaluate((el) => (el.scrollTop = el.scrollHeight));
  await expect(grid.getByRole('rowheader', { name: '20,000', exact: true })).toBeVisible();
  expect(await grid.getByRole('row').count()).toBeLessThan(60);
  await grid.evaluate((el) => (el.scrollTop = 0));

  await chooseTarget(page, 'label', 'binary');
  await configureMlp(page, { epochs: 3, batchSize: 256 });
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(trainingRegion(page)).toContainText('Status: done', { timeout: 170_000 });
  await screenshot(page, 'dataset-20k-trained');

  const long = await page.evaluate((since) => window.__longTasks.filter((t) => t.start >= since), t0);
  const worst = Math.max(0, ...long.map((t) => t.duration));
  console.log(`long tasks since import: ${long.length}, worst ${worst.toFixed(0)} ms`);
  expect(long.filter((t) => t.duration > 200), JSON.stringify(long)).toEqual([]);
});
