import { describe, expect, it } from 'vitest';
import { inlineText, parseInline, parseMarkdown, splitRow, type Block, type Inline } from '../../../src/ui/components/registry/markdown.ts';

/** Every string the renderer would put on the page, as text nodes (never markup). */
function strings(blocks: Block[]): string[] {
  const fromInline = (nodes: Inline[]): string[] =>
    nodes.flatMap((n) => (n.type === 'text' || n.type === 'code' ? [n.text] : n.type === 'link' ? [n.href, ...fromInline(n.children)] : fromInline(n.children)));
  return blocks.flatMap((b) => {
    switch (b.type) {
      case 'frontmatter':
      case 'code':
        return [b.text];
      case 'heading':
      case 'paragraph':
      case 'quote':
        return fromInline(b.children);
      case 'list':
        return b.items.flatMap(fromInline);
      case 'table':
        return [...b.header.flatMap(fromInline), ...b.rows.flatMap((r) => r.flatMap(fromInline))];
      case 'rule':
        return [];
    }
  });
}

describe('parseMarkdown', () => {
  it('keeps raw HTML as text: tags come out as the characters they are, never as elements', () => {
    const src = 'Hello <img src=x onerror="alert(1)"> and <script>alert(2)</script>\n\n<iframe src="https://evil.example"></iframe>';
    const blocks = parseMarkdown(src);
    expect(blocks.map((b) => b.type)).toEqual(['paragraph', 'paragraph']);
    expect(strings(blocks)).toEqual(['Hello <img src=x onerror="alert(1)"> and <script>alert(2)</script>', '<iframe src="https://evil.example"></iframe>']);
  });

  it('keeps only http(s) links; other schemes become text', () => {
    const [p] = parseMarkdown('[docs](https://example.org/a) and [click](javascript:alert(1)) and [x](data:text/html,hi)');
    const nodes = (p as Extract<Block, { type: 'paragraph' }>).children;
    expect(nodes.filter((n) => n.type === 'link').map((n) => (n as { href: string }).href)).toEqual(['https://example.org/a']);
    expect(inlineText(nodes)).toBe('docs and click (javascript:alert(1)) and x (data:text/html,hi)');
  });

  it('reads the model card layout: front matter, headings, tables with escaped pipes, lists, quotes', () => {
    const card = [
      '---',
      'library_name: "benchtop"',
      '---',
      '# churn (version 2)',
      '',
      '| metric | model |',
      '| --- | ---: |',
      '| roc\\_auc | 0.8712 |',
      '| a \\| b | `x|y` |',
      '',
      '- first',
      '  continued',
      '- second',
      '',
      '> Model vs baseline: better',
      '',
      '1. one',
      '2. two',
    ].join('\n');
    const blocks = parseMarkdown(card);
    expect(blocks.map((b) => b.type)).toEqual(['frontmatter', 'heading', 'table', 'list', 'quote', 'list']);
    expect(blocks[0]).toEqual({ type: 'frontmatter', text: 'library_name: "benchtop"' });
    const table = blocks[2] as Extract<Block, { type: 'table' }>;
    expect(table.align).toEqual([null, 'right']);
    expect(table.rows.map((r) => r.map(inlineText))).toEqual([
      ['roc_auc', '0.8712'],
      ['a | b', 'x|y'],
    ]);
    expect((blocks[3] as Extract<Block, { type: 'list' }>).items.map(inlineText)).toEqual(['first continued', 'second']);
    expect((blocks[5] as Extract<Block, { type: 'list' }>).ordered).toBe(true);
  });

  it('never loops or throws on odd input', () => {
    for (const src of ['', '\n\n', '|', '| a |\n| --- |', '```\nunclosed', '#', '>', '- ', '***', '---\nno end', '\\', '`', '**', '[a](']) {
      expect(() => parseMarkdown(src)).not.toThrow();
    }
    expect(parseMarkdown('```\n<b>x</b>\n```')).toEqual([{ type: 'code', text: '<b>x</b>' }]);
  });
});

describe('parseInline', () => {
  it('unescapes backslash escapes, reads code, strong and emphasis, and leaves snake_case alone', () => {
    expect(parseInline('\\*not em\\* `a*b` **bold** *em* f1_macro')).toEqual([
      { type: 'text', text: '*not em* ' },
      { type: 'code', text: 'a*b' },
      { type: 'text', text: ' ' },
      { type: 'strong', children: [{ type: 'text', text: 'bold' }] },
      { type: 'text', text: ' ' },
      { type: 'em', children: [{ type: 'text', text: 'em' }] },
      { type: 'text', text: ' f1_macro' },
    ]);
  });

  it('splits table rows on unescaped pipes outside code', () => {
    expect(splitRow('| a | b \\| c | `d|e` |')).toEqual(['a', 'b \\| c', '`d|e`']);
  });
});
