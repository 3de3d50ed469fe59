import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'test-results/', 'playwright-report/', '.gpu/', 'public/', 'static/', 'src/**/*.generated.*', 'wasm/'] },
  ...tseslint.configs.recommended,
  ...svelte.configs['flat/recommended'],
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Spreading a data-sized array into arguments overflows a Chromium worker's stack at ~100k
    // values. Tests may spread their small fixtures.
    files: ['src/**', 'workers/**', 'bench/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.object.name='Math'][callee.property.name=/^(max|min)$/] > SpreadElement",
          message: 'Math.max/min(...values) overflows the stack on large arrays: use maxOf/minOf from src/core/stats/extent.ts.',
        },
      ],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] } },
  },
  {
    // The core runs in workers, Node (CLI, tests) and the browser alike: no UI framework, no DOM,
    // no worker plumbing, and one seeded generator instead of Math.random.
    files: ['src/core/**/*.ts'],
    languageOptions: { globals: { ...globals['shared-node-browser'] } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['svelte', 'svelte/*'], message: 'src/core must not import svelte.' },
            { group: ['comlink'], message: 'src/core must not import comlink; workers/ adapts the core.' },
            { group: ['**/ui/**', '**/workers/**'], message: 'src/core must not import from src/ui or workers/.' },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'window', 'document', 'localStorage', 'sessionStorage', 'HTMLElement'],
      'no-restricted-properties': ['error', { object: 'Math', property: 'random', message: 'Use createRng(seed) from src/core/random.ts.' }],
    },
  },
);
