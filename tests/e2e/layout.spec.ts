import { expect, test, type Page } from '@playwright/test';
import { nav, openPenguins, screenshot } from './helpers.ts';

async function noHorizontalOverflow(page: Page): Promise<void> {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
}

test.describe('phone width', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('home, dataset and runs pages fit without horizontal scrolling', async ({ page }) => {
    await openPenguins(page);
    await expect(page.getByRole('grid')).toBeVisible();
    await noHorizontalOverflow(page);
    await screenshot(page, 'phone-dataset');

    await nav(page).getByRole('link', { name: 'Datasets' }).click();
    await expect(page.getByRole('region', { name: 'Your datasets' }).getByRole('link', { name: 'Palmer penguins' })).toBeVisible();
    await noHorizontalOverflow(page);
    await screenshot(page, 'phone-home');

    await nav(page).getByRole('link', { name: 'Runs' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Runs' })).toBeVisible();
    await noHorizontalOverflow(page);
  });
});

test('a 100k-row grid scrolls without long tasks and renders only visible rows', async ({ page }) => {
  await page.addInitScript(() => {
    (window as unknown as { __lt: number[] }).__lt = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) (window as unknown as { __lt: number[] }).__lt.push(e.duration);
    }).observe({ type: 'longtask', buffered: true });
  });
  await page.goto('/');
  const lines = ['id,value,group,note'];
  for (let i = 0; i < 100_000; i++) lines.push(`${i},${(i * 0.37) % 101},g${i % 7},${i % 13 === 0 ? '' : `row ${i}`}`);
  await page.getByLabel('Import data', { exact: true }).setInputFiles({
    name: 'big-100k.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(lines.join('\n')),
  });
  const grid = page.getByRole('grid');
  await expect(grid).toHaveAttribute('aria-rowcount', '100001', { timeout: 90_000 });

  await page.evaluate(() => ((window as unknown as { __lt: number[] }).__lt = []));
  // Scroll through the whole table in 40 steps, one per frame.
  await grid.evaluate(async (el) => {
    for (let i = 1; i <= 40; i++) {
      el.scrollTop = (el.scrollHeight * i) / 40;
      await new Promise((r) => requestAnimationFrame(() => r(null)));
    }
  });
  await expect(grid.getByRole('rowheader', { name: '100,000', exact: true })).toBeVisible();
  expect(await grid.getByRole('row').count()).toBeLessThan(60);
  const longTasks = await page.evaluate(() => (window as unknown as { __lt: number[] }).__lt);
  expect(longTasks.filter((d) => d > 100)).toEqual([]);
});
