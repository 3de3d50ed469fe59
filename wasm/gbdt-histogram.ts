// AssemblyScript source of the GBDT histogram kernel (src/core/models/gbdt/wasm-histogram.ts
// runs it). `npm run wasm` compiles it into src/core/models/gbdt/wasm-histogram.generated.ts;
// a unit test fails when that file is stale.
//
// It is the loop of src/core/models/gbdt/pool/accumulate-histogram.ts with the same additions in
// the same order, so its histograms are bitwise equal to the JavaScript loop's: per feature,
// rows in the order given, float64 sums. A build first gathers its rows' (gradient, hessian)
// pairs, stored per row as float32, into a contiguous run of float64 pairs: the feature passes
// then read them in order instead of missing the cache on every row of a deep node, and one
// 128-bit add updates both sums. V8 cannot emit that, and skipping its bounds checks is most of
// the rest of the gain.

// One feature's slot: 256 bins x (gradient, hessian, count), float64.
const SLOT_BYTES: usize = 256 * 3 * 8;
const BIN_BYTES: usize = 3 * 8;

/**
 * Zeroes and fills `nf` slots from outPtr. Column s of the bins starts at
 * binsPtr + cols[s] * n (feature-major bytes); rows[k] is the k-th row of the node and
 * ghAll[rows[k]] its (gradient, hessian) as two float32; gh receives the node's nRows pairs as
 * float64. With ghAllPtr 0 the caller has gathered gh already.
 */
export function accumulate(binsPtr: usize, n: usize, rowsPtr: usize, nRows: i32, ghAllPtr: usize, ghPtr: usize, colsPtr: usize, nf: i32, outPtr: usize): void {
  memory.fill(outPtr, 0, <usize>nf * SLOT_BYTES);
  if (ghAllPtr != 0) {
    for (let k: i32 = 0; k < nRows; k++) {
      const r = <usize>load<i32>(rowsPtr + (<usize>k << 2));
      v128.store(ghPtr + (<usize>k << 4), f64x2.promote_low_f32x4(v128.load64_zero(ghAllPtr + (r << 3))));
    }
  }
  let s = 0;
  // Two features per pass: each row's index and gradient pair are loaded once for two
  // independent read-modify-write chains. More per pass measured no faster (the chains are
  // bound by store-to-load latency when rows share a bin).
  for (; s + 2 <= nf; s += 2) {
    const b0 = binsPtr + <usize>load<i32>(colsPtr + (<usize>s << 2)) * n;
    const b1 = binsPtr + <usize>load<i32>(colsPtr + (<usize>(s + 1) << 2)) * n;
    const o0 = outPtr + <usize>s * SLOT_BYTES;
    const o1 = o0 + SLOT_BYTES;
    for (let k: i32 = 0; k < nRows; k++) {
      const r = <usize>load<i32>(rowsPtr + (<usize>k << 2));
      const gh = v128.load(ghPtr + (<usize>k << 4));
      let j = o0 + <usize>load<u8>(b0 + r) * BIN_BYTES;
      v128.store(j, f64x2.add(v128.load(j), gh));
      store<f64>(j, load<f64>(j, 16) + 1.0, 16);
      j = o1 + <usize>load<u8>(b1 + r) * BIN_BYTES;
      v128.store(j, f64x2.add(v128.load(j), gh));
      store<f64>(j, load<f64>(j, 16) + 1.0, 16);
    }
  }
  for (; s < nf; s++) {
    const b0 = binsPtr + <usize>load<i32>(colsPtr + (<usize>s << 2)) * n;
    const o0 = outPtr + <usize>s * SLOT_BYTES;
    for (let k: i32 = 0; k < nRows; k++) {
      const r = <usize>load<i32>(rowsPtr + (<usize>k << 2));
      const j = o0 + <usize>load<u8>(b0 + r) * BIN_BYTES;
      v128.store(j, f64x2.add(v128.load(j), v128.load(ghPtr + (<usize>k << 4))));
      store<f64>(j, load<f64>(j, 16) + 1.0, 16);
    }
  }
}

/**
 * Stable partition of rows[start, end) by a numeric split: rows whose bin (col[r]) is at most
 * `thr` go left, missing ones (bin 0) go left when dl is 1. Left rows are compacted forward,
 * right rows go through tmp and follow them; returns where the right rows start. Branch-free:
 * which side a row goes to is a coin toss to the branch predictor, and a mispredicted branch
 * per row was most of the JavaScript partition's time.
 */
export function partition(colPtr: usize, rowsPtr: usize, start: i32, end: i32, tmpPtr: usize, thr: i32, dl: i32): i32 {
  let w = start;
  let t = 0;
  for (let i = start; i < end; i++) {
    const r = load<i32>(rowsPtr + (<usize>i << 2));
    const b = <i32>load<u8>(colPtr + <usize>r);
    const left = select<i32>(dl, <i32>(b <= thr), b == 0);
    store<i32>(rowsPtr + (<usize>w << 2), r);
    store<i32>(tmpPtr + (<usize>t << 2), r);
    w += left;
    t += left ^ 1;
  }
  memory.copy(rowsPtr + (<usize>w << 2), tmpPtr, <usize>t << 2);
  return w;
}
