/**
 * Left-to-right layout of a lineage graph: each node's column is the length of the longest
 * path reaching it (so data sits left of everything made from it), rows stack within a
 * column in the order given, columns are centred vertically. Edges are smooth curves from a
 * node's right side to the next node's left side. Pure: the SVG only draws what this returns.
 */
import type { LineageGraph } from '../../../../workers/registry-api.ts';

export interface LayoutOptions {
  nodeWidth: number;
  nodeHeight: number;
  gapX: number;
  gapY: number;
  pad: number;
}

export const DEFAULT_LAYOUT: LayoutOptions = { nodeWidth: 176, nodeHeight: 68, gapX: 44, gapY: 20, pad: 8 };

export interface PlacedNode {
  id: string;
  kind: string;
  label: string;
  detail: string;
  column: number;
  row: number;
  x: number;
  y: number;
}

export interface PlacedEdge {
  from: string;
  to: string;
  relation: string;
  /** SVG path data. */
  d: string;
}

export interface LineageLayout {
  nodes: PlacedNode[];
  edges: PlacedEdge[];
  width: number;
  height: number;
  columns: number;
}

/** Longest-path column of every node; a node on a cycle (a damaged record) keeps the column it had when the cycle was cut. */
export function columnsOf(graph: Pick<LineageGraph, 'nodes' | 'edges'>): Map<string, number> {
  const ids = new Set(graph.nodes.map((n) => n.id));
  const edges = graph.edges.filter((e) => ids.has(e.from) && ids.has(e.to) && e.from !== e.to);
  const indegree = new Map(graph.nodes.map((n) => [n.id, 0]));
  const out = new Map<string, string[]>(graph.nodes.map((n) => [n.id, []]));
  for (const e of edges) {
    indegree.set(e.to, indegree.get(e.to)! + 1);
    out.get(e.from)!.push(e.to);
  }
  const column = new Map(graph.nodes.map((n) => [n.id, 0]));
  const done = new Set<string>();
  const queue = graph.nodes.filter((n) => indegree.get(n.id) === 0).map((n) => n.id);
  for (;;) {
    while (queue.length) {
      const id = queue.shift()!;
      done.add(id);
      for (const to of out.get(id)!) {
        column.set(to, Math.max(column.get(to)!, column.get(id)! + 1));
        indegree.set(to, indegree.get(to)! - 1);
        if (indegree.get(to) === 0) queue.push(to);
      }
    }
    // Whatever is left sits on a cycle: release the first such node and go on.
    const stuck = graph.nodes.find((n) => !done.has(n.id));
    if (!stuck) break;
    indegree.set(stuck.id, 0);
    queue.push(stuck.id);
  }
  return column;
}

export function layoutLineage(graph: LineageGraph, opts: LayoutOptions = DEFAULT_LAYOUT): LineageLayout {
  const column = columnsOf(graph);
  const columns = graph.nodes.length ? [...column.values()].reduce((m, c) => Math.max(m, c), 0) + 1 : 0;
  const perColumn: string[][] = Array.from({ length: columns }, () => []);
  for (const n of graph.nodes) perColumn[column.get(n.id)!]!.push(n.id);
  const tallest = perColumn.reduce((m, c) => Math.max(m, c.length), 0);
  const height = tallest ? opts.pad * 2 + tallest * opts.nodeHeight + (tallest - 1) * opts.gapY : 0;
  const width = columns ? opts.pad * 2 + columns * opts.nodeWidth + (columns - 1) * opts.gapX : 0;
  const placed = new Map<string, PlacedNode>();
  const nodes = graph.nodes.map((n): PlacedNode => {
    const c = column.get(n.id)!;
    const inColumn = perColumn[c]!;
    const row = inColumn.indexOf(n.id);
    const span = inColumn.length * opts.nodeHeight + (inColumn.length - 1) * opts.gapY;
    const top = (height - span) / 2;
    const p = { ...n, column: c, row, x: opts.pad + c * (opts.nodeWidth + opts.gapX), y: top + row * (opts.nodeHeight + opts.gapY) };
    placed.set(n.id, p);
    return p;
  });
  const edges: PlacedEdge[] = [];
  for (const e of graph.edges) {
    const a = placed.get(e.from);
    const b = placed.get(e.to);
    if (!a || !b || a === b) continue;
    const x1 = a.x + opts.nodeWidth;
    const y1 = a.y + opts.nodeHeight / 2;
    const x2 = b.x;
    const y2 = b.y + opts.nodeHeight / 2;
    const bend = Math.max(16, (x2 - x1) / 2);
    edges.push({ from: e.from, to: e.to, relation: e.relation, d: `M${x1},${y1} C${x1 + bend},${y1} ${x2 - bend},${y2} ${x2},${y2}` });
  }
  return { nodes, edges, width, height, columns };
}

/** Up to `lines` lines of at most `chars` characters, breaking at spaces where it can; the last line ends in "…" when cut. */
export function wrapLabel(text: string, chars: number, lines: number): string[] {
  const words = text.split(/\s+/).filter(Boolean);
  const out: string[] = [];
  let line = '';
  for (let w = 0; w < words.length; w++) {
    let word = words[w]!;
    while (word.length > chars) {
      if (line) {
        out.push(line);
        line = '';
      }
      out.push(word.slice(0, chars));
      word = word.slice(chars);
    }
    if (!line) line = word;
    else if (line.length + 1 + word.length <= chars) line += ` ${word}`;
    else {
      out.push(line);
      line = word;
    }
  }
  if (line) out.push(line);
  if (out.length <= lines) return out;
  const kept = out.slice(0, lines);
  const last = kept[lines - 1]!;
  kept[lines - 1] = `${last.length >= chars ? last.slice(0, chars - 1) : last}…`;
  return kept;
}

/** Readable names of node kinds. */
export const KIND_LABELS: Readonly<Record<string, string>> = {
  'dataset-version': 'Dataset version',
  dataset: 'Dataset',
  contract: 'Data contract',
  pipeline: 'Pipeline',
  run: 'Run',
  'model-version': 'Model version',
  model: 'Model',
};

export const kindLabel = (kind: string): string => KIND_LABELS[kind] ?? kind.replace(/-/g, ' ');
