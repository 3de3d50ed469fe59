/**
 * Vectorised prediction of a TreeEnsemble on raw float rows: the same margins, bit for bit,
 * as explain/tree-predict.ts's ensembleMargin (base score first, then the trees in order),
 * without a function call per node.
 */
import type { TreeEnsemble } from '../../evaluate/explain/tree-format.ts';

/** n x outputs margins of the rows of X (n x nFeatures, row-major). */
export function predictMargin(ensemble: TreeEnsemble, X: ArrayLike<number>, n: number): Float64Array {
  const { outputs: k, nFeatures: p } = ensemble;
  const out = new Float64Array(n * k);
  for (let i = 0; i < n; i++) for (let o = 0; o < k; o++) out[i * k + o] = ensemble.baseScore[o]!;
  for (const tree of ensemble.trees) {
    const { feature, threshold, left, right, value, defaultLeft } = tree;
    const cat = tree.categorical;
    const catOffset = cat?.offset;
    const scalar = tree.output !== undefined;
    const o0 = tree.output ?? 0;
    for (let i = 0; i < n; i++) {
      let node = 0;
      const row = i * p;
      for (;;) {
        const f = feature[node]!;
        if (f < 0) break;
        const v = X[row + f]!;
        let goLeft: boolean;
        if (v !== v) goLeft = defaultLeft[node] === 1;
        else if (catOffset === undefined || catOffset[node]! < 0) goLeft = v <= threshold[node]!;
        else {
          const off = catOffset[node]!;
          goLeft = Number.isInteger(v) && v >= 0 && v < cat!.words[node]! * 32 && ((cat!.bits[off + (v >>> 5)]! >>> (v & 31)) & 1) === 1;
        }
        node = goLeft ? left[node]! : right[node]!;
      }
      if (scalar) out[i * k + o0]! += value[node]!;
      else for (let o = 0; o < k; o++) out[i * k + o]! += value[node * k + o]!;
    }
  }
  return out;
}
