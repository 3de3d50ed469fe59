/**
 * A grown tree (bin space) -> the shared tree format (real thresholds, category codes), which
 * prediction on raw rows and TreeSHAP read. A numeric split "bin <= b" becomes "x <= upper
 * edge of bin b"; a categorical one's bin set becomes a bitset over codes (code = bin - 1).
 */
import type { Tree } from '../../evaluate/explain/tree-format.ts';
import { thresholdOf, type BinMapper } from './bin-mapper.ts';
import { CAT_WORDS } from './find-split.ts';
import type { GrownTree } from './tree-learner.ts';

/**
 * `values`: nodes x width leaf values (internal nodes may hold anything: TreeSHAP ignores
 * them). `cover`: per node. `output`: the one output a scalar-leaf tree adds to.
 */
export function toTree(g: GrownTree, mapper: BinMapper, values: Float64Array, cover: Float64Array, output?: number): Tree {
  const m = g.nodes;
  const threshold = new Float64Array(m);
  let anyCat = false;
  for (let i = 0; i < m; i++) {
    const f = g.feature[i]!;
    if (f < 0) continue;
    if (g.isCat[i]) anyCat = true;
    else threshold[i] = thresholdOf(mapper, f, g.bin[i]!);
  }
  const tree: Tree = {
    feature: Int32Array.from(g.feature),
    threshold,
    left: Int32Array.from(g.left, (c) => Math.max(c, 0)),
    right: Int32Array.from(g.right, (c) => Math.max(c, 0)),
    value: values,
    cover,
    defaultLeft: Uint8Array.from(g.defaultLeft),
  };
  if (output !== undefined) tree.output = output;
  if (anyCat) {
    const offset = new Int32Array(m).fill(-1);
    const words = new Int32Array(m);
    const bits: number[] = [];
    for (let i = 0; i < m; i++) {
      if (g.feature[i]! < 0 || !g.isCat[i]) continue;
      const codeBits = new Uint32Array(CAT_WORDS);
      let maxCode = -1;
      for (let b = 1; b < CAT_WORDS * 32; b++)
        if ((g.catBits[i * CAT_WORDS + (b >>> 5)]! >>> (b & 31)) & 1) {
          const c = b - 1;
          codeBits[c >>> 5]! |= 1 << (c & 31);
          maxCode = c;
        }
      const w = (maxCode >>> 5) + 1;
      offset[i] = bits.length;
      words[i] = w;
      for (let k = 0; k < w; k++) bits.push(codeBits[k]!);
    }
    tree.categorical = { offset, words, bits: Uint32Array.from(bits) };
  }
  return tree;
}
