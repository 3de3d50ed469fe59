import { defineConfig } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';

const executablePath = process.env.CHROMIUM_PATH ?? (fs.existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
// The preview server appends Content-Security-Policy violation reports here (vite.config.ts); the
// global teardown fails the run if there are any. Set before the web server starts, which inherits it.
process.env.BENCHTOP_CSP_REPORTS ??= path.resolve('test-results', 'csp-violations.ndjson');

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results/artifacts',
  // WebGPU runs on SwiftShader (CPU) in CI: training is slow, so budgets are generous.
  timeout: 180_000,
  expect: { timeout: 30_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: 'list',
  globalSetup: './tests/e2e/csp-setup.ts',
  globalTeardown: './tests/e2e/csp-teardown.ts',
  use: {
    baseURL: 'http://localhost:4173',
    viewport: { width: 1280, height: 900 },
    actionTimeout: 30_000,
    navigationTimeout: 60_000,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath,
      args: [
        '--no-sandbox',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--enable-unsafe-webgpu',
      ],
    },
  },
  webServer: {
    command: 'npm run build && npx vite preview --port 4173 --strictPort',
    url: 'http://localhost:4173',
    reuseExistingServer: !process.env.CI,
    timeout: 180_000,
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
