import { describe, expect, it } from 'vitest';
import { columnsOf, DEFAULT_LAYOUT, layoutLineage, wrapLabel } from '../../../src/ui/components/registry/lineage-layout.ts';
import type { LineageGraph } from '../../../workers/registry-api.ts';

const node = (id: string, kind = 'step') => ({ id, kind, label: id, detail: '' });
const chain = (...ids: string[]): LineageGraph => ({
  nodes: ids.map((id) => node(id)),
  edges: ids.slice(1).map((id, i) => ({ from: ids[i]!, to: id, relation: 'made' })),
});

describe('layoutLineage', () => {
  it('lays a five-step chain out left to right in one row', () => {
    const l = layoutLineage(chain('data', 'contract', 'pipeline', 'run', 'model'));
    const { nodeWidth, gapX, pad, nodeHeight } = DEFAULT_LAYOUT;
    expect(l.nodes.map((n) => n.column)).toEqual([0, 1, 2, 3, 4]);
    expect(l.nodes.map((n) => n.x)).toEqual([0, 1, 2, 3, 4].map((c) => pad + c * (nodeWidth + gapX)));
    expect(new Set(l.nodes.map((n) => n.y)).size).toBe(1);
    expect(l.width).toBe(pad * 2 + 5 * nodeWidth + 4 * gapX);
    expect(l.height).toBe(pad * 2 + nodeHeight);
    // Each edge leaves its source's right side and enters the target's left side.
    const first = l.edges[0]!;
    expect(first.d.startsWith(`M${pad + nodeWidth},`)).toBe(true);
    expect(first.d.endsWith(`${pad + nodeWidth + gapX},${pad + nodeHeight / 2}`)).toBe(true);
  });

  it('puts a node after the longest path into it and stacks a column centred', () => {
    const g: LineageGraph = {
      nodes: [node('a'), node('b'), node('c'), node('d')],
      edges: [
        { from: 'a', to: 'b', relation: 'r' },
        { from: 'b', to: 'd', relation: 'r' },
        { from: 'a', to: 'c', relation: 'r' },
        { from: 'a', to: 'd', relation: 'r' },
      ],
    };
    const l = layoutLineage(g);
    expect(Object.fromEntries(l.nodes.map((n) => [n.id, n.column]))).toEqual({ a: 0, b: 1, c: 1, d: 2 });
    const [b, c] = [l.nodes[1]!, l.nodes[2]!];
    expect(c.y - b.y).toBe(DEFAULT_LAYOUT.nodeHeight + DEFAULT_LAYOUT.gapY);
    // The single nodes sit midway between the two stacked ones.
    expect(l.nodes[0]!.y).toBe((b.y + c.y) / 2);
  });

  it('survives cycles, self-loops and edges to unknown nodes (a damaged record)', () => {
    const g: LineageGraph = {
      nodes: [node('a'), node('b'), node('c')],
      edges: [
        { from: 'a', to: 'b', relation: 'r' },
        { from: 'b', to: 'c', relation: 'r' },
        { from: 'c', to: 'b', relation: 'r' },
        { from: 'a', to: 'a', relation: 'r' },
        { from: 'a', to: 'ghost', relation: 'r' },
      ],
    };
    const cols = columnsOf(g);
    expect([...cols.keys()]).toEqual(['a', 'b', 'c']);
    const l = layoutLineage(g);
    expect(l.nodes).toHaveLength(3);
    expect(l.edges.map((e) => `${e.from}>${e.to}`)).toEqual(['a>b', 'b>c', 'c>b']);
  });

  it('draws nothing for an empty graph', () => {
    expect(layoutLineage({ nodes: [], edges: [] })).toMatchObject({ nodes: [], edges: [], width: 0, height: 0, columns: 0 });
  });
});

describe('wrapLabel', () => {
  it('breaks at spaces, cuts long words and marks text that did not fit', () => {
    expect(wrapLabel('Pipeline: impute → standardize → one-hot', 16, 2)).toEqual(['Pipeline: impute', '→ standardize →…']);
    expect(wrapLabel('short', 16, 2)).toEqual(['short']);
    expect(wrapLabel('abcdefghijklmnopqrstuvwxyz', 10, 3)).toEqual(['abcdefghij', 'klmnopqrst', 'uvwxyz']);
    expect(wrapLabel('abcdefghijklmnopqrstuvwxyz', 10, 2)).toEqual(['abcdefghij', 'klmnopqrs…']);
  });
});
