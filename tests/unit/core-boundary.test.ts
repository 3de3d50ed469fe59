import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/** The lint rule that keeps src/core free of the UI framework, the DOM, worker plumbing and Math.random. */
describe('src/core boundary rule', () => {
  const eslint = new ESLint();
  const lint = async (code: string, filePath = 'src/core/probe.ts') =>
    (await eslint.lintText(code, { filePath }))[0]!.messages.map((m) => m.ruleId);

  it.each([
    ["import { mount } from 'svelte';\nexport const m = mount;\n", 'no-restricted-imports'],
    ["import * as Comlink from 'comlink';\nexport const c = Comlink;\n", 'no-restricted-imports'],
    ["import { x } from '../ui/state/thing.ts';\nexport const y = x;\n", 'no-restricted-imports'],
    ['export const t = document.title;\n', 'no-restricted-globals'],
    ['export const r = Math.random();\n', 'no-restricted-properties'],
  ])('flags %j', async (code, rule) => {
    expect(await lint(code)).toContain(rule);
  });

  it('allows the same code outside src/core', async () => {
    expect(await lint("import { mount } from 'svelte';\nexport const m = mount;\n", 'src/ui/probe.ts')).toEqual([]);
  });
});
