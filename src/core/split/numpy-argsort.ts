/**
 * numpy's default argsort (kind='quicksort': introsort with median-of-3 pivots, insertion sort
 * below 17 elements, heapsort past the depth limit), ported from numpy 1.24's
 * npysort/quicksort.cpp. It is NOT stable, and scikit-learn's GroupKFold breaks ties between
 * equally sized groups by whatever order it yields, so matching its folds needs the same
 * algorithm, not just any ascending sort. (numpy >= 1.25 on AVX-512 machines uses a different
 * SIMD sort; fixtures come from 1.24.)
 */
const SMALL_QUICKSORT = 15;

export function numpyArgsort(v: ArrayLike<number>): Int32Array {
  const num = v.length;
  const t = new Int32Array(num);
  for (let i = 0; i < num; i++) t[i] = i;
  if (num < 2) return t;
  const val = (p: number): number => v[t[p]!]!;
  const swap = (a: number, b: number): void => {
    const x = t[a]!;
    t[a] = t[b]!;
    t[b] = x;
  };
  let pl = 0;
  let pr = num - 1;
  const stack: number[] = [];
  const depths: number[] = [];
  let cdepth = msb(num) * 2;
  for (;;) {
    if (cdepth < 0) {
      heapsort(v, t, pl, pr - pl + 1);
    } else {
      while (pr - pl > SMALL_QUICKSORT) {
        const pm = pl + ((pr - pl) >> 1);
        if (val(pm) < val(pl)) swap(pm, pl);
        if (val(pr) < val(pm)) swap(pr, pm);
        if (val(pm) < val(pl)) swap(pm, pl);
        const vp = val(pm);
        let pi = pl;
        let pj = pr - 1;
        swap(pm, pj);
        for (;;) {
          do ++pi; while (val(pi) < vp);
          do --pj; while (vp < val(pj));
          if (pi >= pj) break;
          swap(pi, pj);
        }
        swap(pi, pr - 1);
        // numpy pushes the larger partition and loops on the smaller one
        if (pi - pl < pr - pi) {
          stack.push(pi + 1, pr);
          pr = pi - 1;
        } else {
          stack.push(pl, pi - 1);
          pl = pi + 1;
        }
        depths.push(--cdepth);
      }
      for (let pi = pl + 1; pi <= pr; ++pi) {
        const vi = t[pi]!;
        const vp = v[vi]!;
        let pj = pi;
        while (pj > pl && vp < val(pj - 1)) {
          t[pj] = t[pj - 1]!;
          pj--;
        }
        t[pj] = vi;
      }
    }
    if (stack.length === 0) break;
    pr = stack.pop()!;
    pl = stack.pop()!;
    cdepth = depths.pop()!;
  }
  return t;
}

/** Index of the most significant set bit (numpy's npy_get_msb). */
function msb(n: number): number {
  let depth = 0;
  while ((n >>>= 1) > 0) depth++;
  return depth;
}

/** numpy's aheapsort on t[start .. start+n-1] (1-based heap indexing as in the C code). */
function heapsort(v: ArrayLike<number>, t: Int32Array, start: number, n: number): void {
  const at = (i: number): number => t[start + i - 1]!;
  const set = (i: number, x: number): void => {
    t[start + i - 1] = x;
  };
  const sift = (l: number, size: number, tmp: number): void => {
    let i = l;
    let j = l << 1;
    while (j <= size) {
      if (j < size && v[at(j)]! < v[at(j + 1)]!) j += 1;
      if (v[tmp]! < v[at(j)]!) {
        set(i, at(j));
        i = j;
        j += j;
      } else break;
    }
    set(i, tmp);
  };
  for (let l = n >> 1; l > 0; --l) sift(l, n, at(l));
  for (let size = n; size > 1; ) {
    const tmp = at(size);
    set(size, at(1));
    size -= 1;
    sift(1, size, tmp);
  }
}
