// AssemblyScript source of the GBDT histogram kernel (src/core/models/gbdt/wasm-histogram.ts
// runs it). `npm run wasm` compiles it into src/core/models/gbdt/wasm-histogram.generated.ts;
// a unit test fails when that file is stale.
//
// It is the loop of src/core/models/gbdt/pool/accumulate-histogram.ts with the same additions in
// the same order, so its histograms are bitwise equal to the JavaScript loop's: per feature,
// rows in the order given, float64 sums. A build first gathers its rows' (gradient, hessian)
// pairs, stored per row as float32, into a contiguous run: the feature passes then read them in
// order instead of missing the cache on every row of a deep node, widen each pair to float64
// once per pass, and update both sums with one 128-bit add. V8 cannot emit that, and skipping
// its bounds checks is most of the rest of the gain. The run stays float32 (8 bytes a row, not
// 16): half the stream every pass reads, 5-8% faster per cell (widening is exact).

// One feature's slot: 256 bins x (gradient, hessian, count), float64.
const SLOT_BYTES: usize = 256 * 3 * 8;
const BIN_BYTES: usize = 3 * 8;

/**
 * Zeroes and fills `nf` slots from outPtr. Column s of the bins starts at
 * binsPtr + cols[s] * n (feature-major bytes); rows[k] is the k-th row of the node and
 * ghAll[rows[k]] its (gradient, hessian) as two float32; gh receives the node's nRows pairs,
 * float32 too. With ghAllPtr 0 the caller has gathered gh already. With withCounts 0 the count
 * entries stay 0 (the caller knows them: a root over every row): one read-modify-write per row
 * and feature instead of two, about a quarter faster.
 */
export function accumulate(binsPtr: usize, n: usize, rowsPtr: usize, nRows: i32, ghAllPtr: usize, ghPtr: usize, colsPtr: usize, nf: i32, outPtr: usize, withCounts: i32): void {
  memory.fill(outPtr, 0, <usize>nf * SLOT_BYTES);
  if (ghAllPtr != 0) {
    for (let k: i32 = 0; k < nRows; k++) {
      const r = <usize>load<i32>(rowsPtr + (<usize>k << 2));
      store<u64>(ghPtr + (<usize>k << 3), load<u64>(ghAllPtr + (r << 3)));
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
    if (withCounts) {
      for (let k: i32 = 0; k < nRows; k++) {
        const r = <usize>load<i32>(rowsPtr + (<usize>k << 2));
        const gh = f64x2.promote_low_f32x4(v128.load64_zero(ghPtr + (<usize>k << 3)));
        let j = o0 + <usize>load<u8>(b0 + r) * BIN_BYTES;
        v128.store(j, f64x2.add(v128.load(j), gh));
        store<f64>(j, load<f64>(j, 16) + 1.0, 16);
        j = o1 + <usize>load<u8>(b1 + r) * BIN_BYTES;
        v128.store(j, f64x2.add(v128.load(j), gh));
        store<f64>(j, load<f64>(j, 16) + 1.0, 16);
      }
    } else {
      for (let k: i32 = 0; k < nRows; k++) {
        const r = <usize>load<i32>(rowsPtr + (<usize>k << 2));
        const gh = f64x2.promote_low_f32x4(v128.load64_zero(ghPtr + (<usize>k << 3)));
        let j = o0 + <usize>load<u8>(b0 + r) * BIN_BYTES;
        v128.store(j, f64x2.add(v128.load(j), gh));
        j = o1 + <usize>load<u8>(b1 + r) * BIN_BYTES;
        v128.store(j, f64x2.add(v128.load(j), gh));
      }
    }
  }
  for (; s < nf; s++) {
    const b0 = binsPtr + <usize>load<i32>(colsPtr + (<usize>s << 2)) * n;
    const o0 = outPtr + <usize>s * SLOT_BYTES;
    for (let k: i32 = 0; k < nRows; k++) {
      const r = <usize>load<i32>(rowsPtr + (<usize>k << 2));
      const j = o0 + <usize>load<u8>(b0 + r) * BIN_BYTES;
      v128.store(j, f64x2.add(v128.load(j), f64x2.promote_low_f32x4(v128.load64_zero(ghPtr + (<usize>k << 3)))));
      if (withCounts) store<f64>(j, load<f64>(j, 16) + 1.0, 16);
    }
  }
}

/**
 * accumulate() for a node of every row, rows 0..n-1 in order (a boosting root without row
 * subsampling, about 40% of a fit's cells): there is no row list to read and nothing to gather,
 * ghAllPtr holds the pairs already, so each step takes four rows' bins of a feature in one load
 * and two rows' pairs in one. Same additions in the same order, so the same bits. Measured on
 * 1M rows x 14 features: 0.65 of accumulate()'s time (copying in the row list included).
 */
export function accumulateEvery(binsPtr: usize, n: i32, ghAllPtr: usize, colsPtr: usize, nf: i32, outPtr: usize, withCounts: i32): void {
  memory.fill(outPtr, 0, <usize>nf * SLOT_BYTES);
  addEvery(binsPtr, n, ghAllPtr, colsPtr, nf, outPtr, withCounts);
}

/**
 * accumulateEvery's sums added into slots that already hold some: features at binsPtr + cols[s]
 * * n (colsPtr 0: binsPtr + s * n, the layout gatherBins writes).
 */
function addEvery(binsPtr: usize, n: i32, ghAllPtr: usize, colsPtr: usize, nf: i32, outPtr: usize, withCounts: i32): void {
  let s = 0;
  for (; s + 2 <= nf; s += 2) {
    const b0 = binsPtr + <usize>column(colsPtr, s) * <usize>n;
    const b1 = binsPtr + <usize>column(colsPtr, s + 1) * <usize>n;
    const o0 = outPtr + <usize>s * SLOT_BYTES;
    // Constant flags, so each inlined copy of the loop has no branch on them.
    if (withCounts) everyRowPair(b0, b1, o0, o0 + SLOT_BYTES, ghAllPtr, n, true, true);
    else everyRowPair(b0, b1, o0, o0 + SLOT_BYTES, ghAllPtr, n, true, false);
  }
  if (s < nf) {
    const b0 = binsPtr + <usize>column(colsPtr, s) * <usize>n;
    const o0 = outPtr + <usize>s * SLOT_BYTES;
    if (withCounts) everyRowPair(b0, b0, o0, o0, ghAllPtr, n, false, true);
    else everyRowPair(b0, b0, o0, o0, ghAllPtr, n, false, false);
  }
}

// @ts-ignore: decorator
@inline function column(colsPtr: usize, s: i32): i32 {
  return colsPtr ? load<i32>(colsPtr + (<usize>s << 2)) : s;
}

/** Rows of a sparse node gathered per chunk: nf bytes each, 57 KB for 28 features, in L2. */
const GATHER_CHUNK: i32 = 2048;
/** Rows whose lines gatherBins reads ahead, before it reads them for real. */
const GATHER_AHEAD: i32 = 128;

/**
 * accumulate() for a sparse node (a few percent of the rows or fewer) from a row-major copy of
 * the bins (d bytes a row, all features): in feature-major bins each of its rows costs a cache
 * miss per feature, from memory, as its rows are far apart; here one or two lines a row bring
 * every feature. Per chunk of rows, their bytes of the nf features are gathered feature-major
 * into scratch, then summed as accumulateEvery sums a node of every row. The same additions in
 * the same order (rows in order, per feature), so the same bits.
 */
export function accumulateSparse(rowBinsPtr: usize, d: i32, rowsPtr: usize, nRows: i32, ghAllPtr: usize, ghPtr: usize, colsPtr: usize, nf: i32, scratchPtr: usize, outPtr: usize, withCounts: i32): void {
  memory.fill(outPtr, 0, <usize>nf * SLOT_BYTES);
  if (ghAllPtr != 0) {
    for (let k: i32 = 0; k < nRows; k++) {
      const r = <usize>load<i32>(rowsPtr + (<usize>k << 2));
      store<u64>(ghPtr + (<usize>k << 3), load<u64>(ghAllPtr + (r << 3)));
    }
  }
  for (let k0: i32 = 0; k0 < nRows; k0 += GATHER_CHUNK) {
    const len = min(GATHER_CHUNK, nRows - k0);
    gatherBins(rowBinsPtr, d, rowsPtr + (<usize>k0 << 2), len, colsPtr, nf, scratchPtr);
    addEvery(scratchPtr, len, ghPtr + (<usize>k0 << 3), 0, nf, outPtr, withCounts);
  }
}

/**
 * out[s * nRows + k] = the bin of feature cols[s] of row rows[k]. Each block of rows is first
 * read ahead (a load of the first and last byte of each row's bins, which the loop keeps), so
 * its cache misses overlap: the gather's own loads feed stores, and a full store buffer
 * allowed only a few misses at a time (measured: 9 -> 4 ns a row-feature at 1% density).
 */
function gatherBins(rowBinsPtr: usize, d: i32, rowsPtr: usize, nRows: i32, colsPtr: usize, nf: i32, outPtr: usize): void {
  let touched: u32 = 0;
  for (let k: i32 = 0; k < min(nRows, GATHER_AHEAD); k++) touched += touch(rowBinsPtr, d, rowsPtr, k);
  for (let k0: i32 = 0; k0 < nRows; k0 += GATHER_AHEAD) {
    const k1 = min(nRows, k0 + GATHER_AHEAD);
    const k2 = min(nRows, k1 + GATHER_AHEAD);
    for (let k = k1; k < k2; k++) touched += touch(rowBinsPtr, d, rowsPtr, k);
    for (let k = k0; k < k1; k++) {
      const row = rowBinsPtr + <usize>load<i32>(rowsPtr + (<usize>k << 2)) * <usize>d;
      let o = outPtr + <usize>k;
      for (let s: i32 = 0; s < nf; s++) {
        store<u8>(o, load<u8>(row + <usize>load<i32>(colsPtr + (<usize>s << 2))));
        o += <usize>nRows;
      }
    }
  }
  // Kept, so the reads ahead are not optimised away: scratch's first byte past the chunk.
  store<u8>(outPtr + <usize>nf * <usize>nRows, <u8>touched);
}

// @ts-ignore: decorator
@inline function touch(rowBinsPtr: usize, d: i32, rowsPtr: usize, k: i32): u32 {
  const row = rowBinsPtr + <usize>load<i32>(rowsPtr + (<usize>k << 2)) * <usize>d;
  return <u32>load<u8>(row) + <u32>load<u8>(row + <usize>d - 1);
}

/**
 * out[r * d + f] = bins[f * n + r]: a row-major copy of feature-major bins, in blocks of rows
 * so both sides stay in cache.
 */
export function transposeBins(binsPtr: usize, n: i32, d: i32, outPtr: usize): void {
  for (let r0: i32 = 0; r0 < n; r0 += 256) {
    const r1 = min(n, r0 + 256);
    for (let f: i32 = 0; f < d; f++) {
      const col = binsPtr + <usize>f * <usize>n;
      for (let r = r0; r < r1; r++) store<u8>(outPtr + <usize>r * <usize>d + <usize>f, load<u8>(col + <usize>r));
    }
  }
}

/** Features at b0 and (when two) b1 over rows 0..n-1, into slots o0 and o1. */
// @ts-ignore: decorator
@inline function everyRowPair(b0: usize, b1: usize, o0: usize, o1: usize, ghAllPtr: usize, n: i32, two: bool, counted: bool): void {
  const n4 = n & ~3;
  let k: i32 = 0;
  for (; k < n4; k += 4) {
    const w0 = load<u32>(b0 + <usize>k);
    const w1 = two ? load<u32>(b1 + <usize>k) : 0;
    const p01 = v128.load(ghAllPtr + (<usize>k << 3));
    const p23 = v128.load(ghAllPtr + (<usize>k << 3), 16);
    addRow(o0, o1, w0, w1, f64x2.promote_low_f32x4(p01), two, counted);
    addRow(o0, o1, w0 >> 8, w1 >> 8, f64x2.promote_low_f32x4(i64x2.shuffle(p01, p01, 1, 1)), two, counted);
    addRow(o0, o1, w0 >> 16, w1 >> 16, f64x2.promote_low_f32x4(p23), two, counted);
    addRow(o0, o1, w0 >> 24, w1 >> 24, f64x2.promote_low_f32x4(i64x2.shuffle(p23, p23, 1, 1)), two, counted);
  }
  for (; k < n; k++) {
    const gh = f64x2.promote_low_f32x4(v128.load64_zero(ghAllPtr + (<usize>k << 3)));
    addRow(o0, o1, load<u8>(b0 + <usize>k), two ? load<u8>(b1 + <usize>k) : 0, gh, two, counted);
  }
}

/** One row's pair into its bin (the low byte of bin0, and of bin1 when two) of one or two features. */
// @ts-ignore: decorator
@inline function addRow(o0: usize, o1: usize, bin0: u32, bin1: u32, gh: v128, two: bool, counted: bool): void {
  let j = o0 + <usize>(bin0 & 255) * BIN_BYTES;
  v128.store(j, f64x2.add(v128.load(j), gh));
  if (counted) store<f64>(j, load<f64>(j, 16) + 1.0, 16);
  if (two) {
    j = o1 + <usize>(bin1 & 255) * BIN_BYTES;
    v128.store(j, f64x2.add(v128.load(j), gh));
    if (counted) store<f64>(j, load<f64>(j, 16) + 1.0, 16);
  }
}

/**
 * gh[2i] = g[i], gh[2i + 1] = h[i] for i < n (float32 bits moved, not converted): the per-row
 * (gradient, hessian) pairs a build gathers from, four rows per step.
 */
export function interleave(gPtr: usize, hPtr: usize, n: i32, ghPtr: usize): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const at = <usize>i << 2;
    const g = v128.load(gPtr + at);
    const h = v128.load(hPtr + at);
    v128.store(ghPtr + (at << 1), i32x4.shuffle(g, h, 0, 4, 1, 5));
    v128.store(ghPtr + (at << 1) + 16, i32x4.shuffle(g, h, 2, 6, 3, 7));
  }
  for (; i < n; i++) {
    const at = <usize>i << 2;
    store<u32>(ghPtr + (at << 1), load<u32>(gPtr + at));
    store<u32>(ghPtr + (at << 1) + 4, load<u32>(hPtr + at));
  }
}

/**
 * Stable partition of rows[start, end) by a numeric split: rows whose bin (col[r]) is at most
 * `thr` go left, missing ones (bin 0) go left when dl is 1. Left rows are compacted forward,
 * right rows go through tmp and follow them; returns where the right rows start. Branch-free:
 * which side a row goes to is a coin toss to the branch predictor, and a mispredicted branch
 * per row was most of the JavaScript partition's time.
 *
 * Four rows a step: their sides make a 4-bit mask, and one shuffle (masks: 16 x 16 bytes of
 * i8x16.swizzle indices, COMPACT_MASKS in wasm-histogram.ts) packs the left rows, in order, at
 * the front of a vector written whole at w; the right rows likewise into tmp. The lanes past
 * the packed ones land on rows already read (w <= i) or on tmp's free end, and are overwritten
 * by the next step. Two vector stores instead of eight scalar ones: about 20% faster (1.83 ->
 * 1.48 ns a row on a million rows).
 */
export function partition(colPtr: usize, rowsPtr: usize, start: i32, end: i32, tmpPtr: usize, thr: i32, dl: i32, masksPtr: usize): i32 {
  let w = start;
  let t = 0;
  let i = start;
  const thrV = i32x4.splat(thr);
  const zero = i32x4.splat(0);
  const dlV = i32x4.splat(-dl);
  for (; i + 4 <= end; i += 4) {
    const rv = v128.load(rowsPtr + (<usize>i << 2));
    let b = i32x4.splat(<i32>load<u8>(colPtr + <usize>i32x4.extract_lane(rv, 0)));
    b = i32x4.replace_lane(b, 1, <i32>load<u8>(colPtr + <usize>i32x4.extract_lane(rv, 1)));
    b = i32x4.replace_lane(b, 2, <i32>load<u8>(colPtr + <usize>i32x4.extract_lane(rv, 2)));
    b = i32x4.replace_lane(b, 3, <i32>load<u8>(colPtr + <usize>i32x4.extract_lane(rv, 3)));
    const missing = i32x4.eq(b, zero);
    // Missing: left when dl; else left when b <= thr.
    const left = v128.bitselect(dlV, i32x4.le_s(b, thrV), missing);
    const m = <usize>i32x4.bitmask(left);
    const nl = popcnt<i32>(<i32>m);
    v128.store(rowsPtr + (<usize>w << 2), i8x16.swizzle(rv, v128.load(masksPtr + (m << 4))));
    v128.store(tmpPtr + (<usize>t << 2), i8x16.swizzle(rv, v128.load(masksPtr + ((m ^ 15) << 4))));
    w += nl;
    t += 4 - nl;
  }
  for (; i < end; i++) {
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

/**
 * leafOf[rows[i]] = leaf for i in [start, end), for each (start, end, leaf) triple of i32 at
 * rangesPtr: a grown tree's leaves, each row told its leaf. Scattered writes, which V8 ran at
 * about four nanoseconds a row.
 */
export function assignLeaves(rowsPtr: usize, rangesPtr: usize, nRanges: i32, leafOfPtr: usize): void {
  for (let k: i32 = 0; k < nRanges; k++) {
    const at = rangesPtr + <usize>k * 12;
    const end = load<i32>(at, 4);
    const leaf = load<i32>(at, 8);
    for (let i = load<i32>(at); i < end; i++) store<i32>(leafOfPtr + (<usize>load<i32>(rowsPtr + (<usize>i << 2)) << 2), leaf);
  }
}

/**
 * Bins `count` rows of feature f of a row-major float32 block (d values a row) into out, as
 * bin-mapper.ts's EdgeFinder does: 0 for NaN, else 1 + the number of edges below the value,
 * found from a table of cellMax + 1 u16 entries (edges in earlier cells of [lo, hi]) and a
 * scan of the padded edges (float64, +Infinity after the last). Same float64 operations as
 * the JavaScript, so the same bins; without its branches on each value's side of the edges.
 * The caller passes cellMax (the table's last index), so the cell count lives in one place.
 */
export function binColumn(xPtr: usize, d: i32, f: i32, count: i32, paddedPtr: usize, nEdges: i32, tablePtr: usize, lo: f64, hi: f64, scale: f64, cellMax: f64, outPtr: usize): void {
  for (let i: i32 = 0; i < count; i++) {
    const v = <f64>load<f32>(xPtr + ((<usize>i * <usize>d + <usize>f) << 2));
    let b: i32 = 0;
    if (v == v) {
      if (v <= lo) b = 1;
      else if (v > hi) b = nEdges + 1;
      else {
        let pos = <i32>load<u16>(tablePtr + (<usize>(<i32>min(cellMax, Math.floor((v - lo) * scale))) << 1));
        while (load<f64>(paddedPtr + (<usize>pos << 3)) < v) pos++;
        b = pos + 1;
      }
    }
    store<u8>(outPtr + <usize>i, <u8>b);
  }
}

// ---- The binary log-loss pass (src/core/models/gbdt/binary-loss-kernel.ts runs it) ----
//
// exp and log1p are written out here, two rows per instruction, with the JavaScript mirror in
// src/core/models/gbdt/stable-math.ts doing the same float64 operations in the same order: the
// two give the same bits, on every engine (Math.exp and Math.log1p are not specified to the
// bit, so they could not promise that across browsers). Both are fdlibm's algorithms: within
// one unit in the last place of the exact value.

const SHIFT: f64 = 6755399441055744.0; // 1.5 * 2^52: adding it rounds to an integer, ties to even
const INV_LN2: f64 = 1.44269504088896338700e+00;
const LN2_HI: f64 = 6.93147180369123816490e-01;
const LN2_LO: f64 = 1.90821492927058770002e-10;
const P1: f64 = 1.66666666666666019037e-01;
const P2: f64 = -2.77777777770155933842e-03;
const P3: f64 = 6.61375632143793436117e-05;
const P4: f64 = -1.65339022054652515390e-06;
const P5: f64 = 4.13813679705723846039e-08;
const LG1: f64 = 6.666666666666735130e-01;
const LG2: f64 = 3.999999999940941908e-01;
const LG3: f64 = 2.857142874366239149e-01;
const LG4: f64 = 2.222219843214978396e-01;
const LG5: f64 = 1.818357216161805012e-01;
const LG6: f64 = 1.531383769920937332e-01;
const LG7: f64 = 1.479819860511658591e-01;
const SQRT2: f64 = 1.4142135623730951;
/** Below this exp(x) is not a normal double: the result is flushed to 0. */
const EXP_FLUSH: f64 = -708.3964185322641;
const HESS_FLOOR: f64 = 1e-16;
const LOSS_BLOCK: i32 = 1 << 16;

@inline function sp(x: f64): v128 {
  return f64x2.splat(x);
}

/** exp(x) for x <= 0 (NaN stays NaN), flushed to 0 below EXP_FLUSH. */
@inline function expNonPositive(x: v128): v128 {
  const t = f64x2.add(f64x2.mul(x, sp(INV_LN2)), sp(SHIFT));
  const k = f64x2.sub(t, sp(SHIFT));
  const hi = f64x2.sub(x, f64x2.mul(k, sp(LN2_HI)));
  const lo = f64x2.mul(k, sp(LN2_LO));
  const r = f64x2.sub(hi, lo);
  const rr = f64x2.mul(r, r);
  const poly = f64x2.add(sp(P1), f64x2.mul(rr, f64x2.add(sp(P2), f64x2.mul(rr, f64x2.add(sp(P3), f64x2.mul(rr, f64x2.add(sp(P4), f64x2.mul(rr, sp(P5)))))))));
  const c = f64x2.sub(r, f64x2.mul(rr, poly));
  const y = f64x2.sub(sp(1.0), f64x2.sub(f64x2.sub(lo, f64x2.div(f64x2.mul(r, c), f64x2.sub(sp(2.0), c))), hi));
  // t's low mantissa bits hold k: (k + 1023) << 52 is 2^k, a normal double above EXP_FLUSH.
  const pow2 = i64x2.shl(i64x2.add(t, i64x2.splat(1023)), 52);
  return v128.andnot(f64x2.mul(y, pow2), f64x2.lt(x, sp(EXP_FLUSH)));
}

/** log1p(e) for e in [0, 1]. */
@inline function log1pUnit(e: v128): v128 {
  const u = f64x2.add(sp(1.0), e);
  const big = f64x2.gt(u, sp(SQRT2));
  const f = v128.bitselect(f64x2.sub(f64x2.mul(u, sp(0.5)), sp(1.0)), f64x2.sub(u, sp(1.0)), big);
  const k = v128.and(big, sp(1.0));
  // The rounding error of 1 + e, relative to u.
  const c = f64x2.div(f64x2.sub(e, f64x2.sub(u, sp(1.0))), u);
  const s = f64x2.div(f, f64x2.add(sp(2.0), f));
  const z = f64x2.mul(s, s);
  const w = f64x2.mul(z, z);
  const t1 = f64x2.mul(w, f64x2.add(sp(LG2), f64x2.mul(w, f64x2.add(sp(LG4), f64x2.mul(w, sp(LG6))))));
  const t2 = f64x2.mul(z, f64x2.add(sp(LG1), f64x2.mul(w, f64x2.add(sp(LG3), f64x2.mul(w, f64x2.add(sp(LG5), f64x2.mul(w, sp(LG7))))))));
  const R = f64x2.add(t2, t1);
  const hfsq = f64x2.mul(f64x2.mul(sp(0.5), f), f);
  const inner = f64x2.add(f64x2.mul(s, f64x2.add(hfsq, R)), f64x2.add(f64x2.mul(k, sp(LN2_LO)), c));
  return f64x2.sub(f64x2.mul(k, sp(LN2_HI)), f64x2.sub(f64x2.sub(hfsq, inner), f));
}

/** The rows' gradients and hessians times their weights, as float32, from e = exp(-|z|). */
@inline function writeGradients(z: v128, y: v128, w: v128, e: v128, onePlus: v128, gAt: usize, hAt: usize): void {
  const p = f64x2.div(v128.bitselect(sp(1.0), e, f64x2.ge(z, sp(0.0))), onePlus);
  v128.store64_lane(gAt, f32x4.demote_f64x2_zero(f64x2.mul(w, f64x2.sub(p, y))), 0);
  v128.store64_lane(hAt, f32x4.demote_f64x2_zero(f64x2.mul(w, f64x2.max(f64x2.mul(p, f64x2.sub(sp(1.0), p)), sp(HESS_FLOOR)))), 0);
}

/**
 * One step of the pass for two rows: returns w * loss and writes (when gPtr is not 0) the
 * rows' gradients and hessians as float32.
 */
@inline function lossStep(z: v128, y: v128, w: v128, gAt: usize, hAt: usize, write: bool): v128 {
  const e = expNonPositive(f64x2.neg(f64x2.abs(z)));
  const pos = f64x2.gt(z, sp(0.0));
  const onePlus = f64x2.add(sp(1.0), e);
  if (write) writeGradients(z, y, w, e, onePlus, gAt, hAt);
  const l = log1pUnit(e);
  return f64x2.mul(w, f64x2.sub(v128.bitselect(f64x2.add(z, l), l, pos), f64x2.mul(y, z)));
}

/**
 * log(P) for a product P >= 1 of LOG_EVERY factors 1 + e: P = 2^k m with m in [1, 2), and
 * log(m) = log1pUnit(m - 1) (m - 1 is exact). NaN and +Infinity (a diverged margin) pass through.
 */
@inline function logOfProduct(P: v128): v128 {
  const k = f64x2.convert_low_i32x4_s(i32x4.shuffle(i64x2.sub(i64x2.shr_u(P, 52), i64x2.splat(1023)), P, 0, 2, 0, 2));
  const m = v128.or(v128.and(P, i64x2.splat(0x000FFFFFFFFFFFFF)), i64x2.splat(0x3FF0000000000000));
  const r = f64x2.add(f64x2.mul(k, sp(LN2_HI)), f64x2.add(f64x2.mul(k, sp(LN2_LO)), log1pUnit(f64x2.sub(m, sp(1.0)))));
  return v128.bitselect(r, P, f64x2.lt(P, sp(Infinity)));
}

/** Row pairs whose factors 1 + e (each in [1, 2]) multiply before a log is taken: the product stays below 2^256. */
const LOG_EVERY: i32 = 256;

/**
 * The binary log-loss over rows [from, to) (from a multiple of LOSS_BLOCK) of margins F, targets
 * y and weights w (float64 arrays): for the k-th block sums[2k] is the sum of w * loss and
 * sums[2k + 1] the sum of w, each summed as two lanes (rows at even and odd offsets from the
 * block's start, a lone last row into the even lane) then added. With gPtr not 0, g[i] and h[i]
 * (float32) receive each row's gradient and hessian times its weight. scratchPtr: 16 bytes.
 * With leafPtr not 0, each margin first gets its row's new tree's output, F[i] += values[leaf[i]]
 * (int32 leaf, float64 values), written back: the margin update rides on the same pass.
 *
 * A block whose weights are all 1 (unitPtr, a byte per block of the whole array, is not 0)
 * sums the loss log(1 + e) + max(z, 0) - y z differently: the linear part per lane, and the
 * logs as the log of each lane's product of 1 + e over LOG_EVERY rows at a time (see
 * binaryLossBlocks for the order): one log per 256 rows instead of one per row, which was half
 * the time of the pass.
 */
export function binaryLoss(FPtr: usize, yPtr: usize, wPtr: usize, from: i32, to: i32, gPtr: usize, hPtr: usize, sumsPtr: usize, scratchPtr: usize, leafPtr: usize, valuesPtr: usize, unitPtr: usize): void {
  const write = gPtr != 0;
  const step = leafPtr != 0;
  let k: usize = 0;
  for (let b0 = from; b0 < to; b0 += LOSS_BLOCK) {
    const b1 = min(to, b0 + LOSS_BLOCK);
    const unit = unitPtr != 0 && load<u8>(unitPtr + <usize>(b0 / LOSS_BLOCK)) != 0;
    let s = sp(0.0);
    let t = sp(0.0);
    let logs = sp(0.0);
    let prod = sp(1.0);
    let pairs = 0;
    let i = b0;
    for (; i + 2 <= b1; i += 2) {
      const at = <usize>i;
      const w = v128.load(wPtr + (at << 3));
      let z = v128.load(FPtr + (at << 3));
      if (step) {
        const v0 = load<f64>(valuesPtr + (<usize>load<i32>(leafPtr + (at << 2)) << 3));
        const v1 = load<f64>(valuesPtr + (<usize>load<i32>(leafPtr + (at << 2), 4) << 3));
        z = f64x2.add(z, f64x2.replace_lane(sp(v0), 1, v1));
        v128.store(FPtr + (at << 3), z);
      }
      const y = v128.load(yPtr + (at << 3));
      if (unit) {
        const e = expNonPositive(f64x2.neg(f64x2.abs(z)));
        const onePlus = f64x2.add(sp(1.0), e);
        if (write) writeGradients(z, y, w, e, onePlus, gPtr + (at << 2), hPtr + (at << 2));
        s = f64x2.add(s, f64x2.sub(v128.and(z, f64x2.gt(z, sp(0.0))), f64x2.mul(y, z)));
        prod = f64x2.mul(prod, onePlus);
        if (++pairs == LOG_EVERY) {
          logs = f64x2.add(logs, logOfProduct(prod));
          prod = sp(1.0);
          pairs = 0;
        }
      } else s = f64x2.add(s, lossStep(z, y, w, gPtr + (at << 2), hPtr + (at << 2), write));
      t = f64x2.add(t, w);
    }
    if (i < b1) {
      // The lone last row, in lane 0 (lane 1 adds 0, multiplies by 1 and writes nothing that is kept).
      const at = <usize>i;
      const w = f64x2.replace_lane(sp(0.0), 0, load<f64>(wPtr + (at << 3)));
      let zi = load<f64>(FPtr + (at << 3));
      if (step) {
        zi += load<f64>(valuesPtr + (<usize>load<i32>(leafPtr + (at << 2)) << 3));
        store<f64>(FPtr + (at << 3), zi);
      }
      const z = f64x2.replace_lane(sp(0.0), 0, zi);
      const y = f64x2.replace_lane(sp(0.0), 0, load<f64>(yPtr + (at << 3)));
      if (unit) {
        const e = expNonPositive(f64x2.neg(f64x2.abs(z)));
        const onePlus = f64x2.replace_lane(sp(1.0), 0, f64x2.extract_lane(e, 0) + 1.0);
        if (write) writeGradients(z, y, w, e, onePlus, scratchPtr, scratchPtr + 8);
        s = f64x2.add(s, f64x2.sub(v128.and(z, f64x2.gt(z, sp(0.0))), f64x2.mul(y, z)));
        prod = f64x2.mul(prod, onePlus);
      } else s = f64x2.add(s, lossStep(z, y, w, scratchPtr, scratchPtr + 8, write));
      if (write) {
        store<f32>(gPtr + (at << 2), load<f32>(scratchPtr));
        store<f32>(hPtr + (at << 2), load<f32>(scratchPtr + 8));
      }
      t = f64x2.add(t, w);
    }
    if (unit) {
      logs = f64x2.add(logs, logOfProduct(prod));
      s = f64x2.add(s, logs);
    }
    store<f64>(sumsPtr + (k << 4), f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1));
    store<f64>(sumsPtr + (k << 4) + 8, f64x2.extract_lane(t, 0) + f64x2.extract_lane(t, 1));
    k++;
  }
}
